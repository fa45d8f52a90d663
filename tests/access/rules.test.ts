import { isNonNullType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import SchemaBuilder from '@pothos/core';
import { isPersonalField, personalFieldNames } from '../../src/access/fields.js';
import { fieldPolicyPlugin } from '../../src/access/policy-plugin.js';
import { rootRules } from '../../src/access/root-rules.js';
import { schema } from '../../src/schema.js';

/** Forgetting a permission must be a failing test, not a breach. */
describe('permission rules', () => {
  it('cover every root field of the schema', () => {
    for (const root of ['Query', 'Mutation'] as const) {
      const fields = Object.keys(
        schema.getType(root) && isObjectType(schema.getType(root))
          ? (schema.getType(root) as any).getFields()
          : {},
      );
      const missing = fields.filter((f) => !(f in rootRules[root]));
      expect(missing, `${root} fields without a rule`).toEqual([]);
      const stale = Object.keys(rootRules[root]).filter((f) => !fields.includes(f));
      expect(stale, `${root} rules for fields that do not exist`).toEqual([]);
    }
  });

  it('cover every personal field, each of which exists and can be null when refused', () => {
    for (const name of personalFieldNames()) {
      const [type, field] = name.split('.') as [string, string];
      const object = schema.getType(type);
      expect(object && isObjectType(object), name).toBe(true);
      const definition = isObjectType(object) ? object.getFields()[field] : undefined;
      expect(definition, name).toBeDefined();
      expect(isNonNullType(definition!.type), `${name} must be nullable`).toBe(false);
    }
  });

  it('fail the schema build for a field of a person-describing type that declares nothing, and for a root field without a rule', () => {
    const build = (declare: boolean, root: string) => {
      const b = new SchemaBuilder<{ Context: object }>({ plugins: [fieldPolicyPlugin] } as never);
      const Person = b.objectRef<{ id: number; shoeSize: number }>('Person').implement({
        describesPerson: { subject: ['id'] },
        fields: (t) => ({
          shoeSize: t.exposeInt('shoeSize', declare ? { public: 'a test reason' } : {}),
        }),
      });
      b.queryType({
        fields: (t) => ({
          [root]: t.field({ type: Person, resolve: () => ({ id: 1, shoeSize: 42 }) }),
        }),
      });
      return b.toSchema();
    };
    expect(() => build(false, 'residents')).toThrow(
      /Person.shoeSize is a fact about an identified person/,
    );
    expect(() => build(true, 'someNewRoot')).toThrow(/Query.someNewRoot has no rule/);
    expect(() => build(true, 'residents')).not.toThrow();
    // A filter a read takes declares whether it filters people (then each field what it reveals).
    const withFilter = (declaration: object, fieldOptions: object) => {
      const b = new SchemaBuilder<{ Context: object }>({ plugins: [fieldPolicyPlugin] } as never);
      const Filter = b.inputType('PersonFilter', {
        ...declaration,
        fields: (t) => ({ shoeSize: t.int({ ...fieldOptions }) }),
      });
      b.queryType({
        fields: (t) => ({
          residents: t.int({ args: { filter: t.arg({ type: Filter }) }, resolve: () => 1 }),
        }),
      });
      return b.toSchema();
    };
    expect(() => withFilter({}, {})).toThrow(
      /Query.residents\(filter:\) takes an input type that declares neither/,
    );
    expect(() => withFilter({ filtersPeople: true }, {})).toThrow(
      /PersonFilter.shoeSize filters people/,
    );
    expect(() => withFilter({ filtersPeople: true }, { reveals: 'Person.shoeSize' })).not.toThrow();
    expect(() => withFilter({ filtersNoOne: 'a test reason' }, {})).not.toThrow();
  });

  it('leave no field that looks personal outside the grant table', () => {
    const looksPersonal = /^(name|idNumber|phone|birthDate|age|ethnicity|address|notes|summary)$/;
    const ungraded: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.keys(type.getFields())) {
        const graded = isPersonalField(type.name, field);
        if (looksPersonal.test(field) && !graded) ungraded.push(`${type.name}.${field}`);
      }
    }
    // Names of places, sections, tags, tasks, saved reports and saved import mappings are not personal.
    expect(
      ungraded.filter(
        (f) =>
          !/^(District|Subdistrict|Community|Section|Tag|Task|SavedReport|ImportMapping)\./.test(f),
      ),
    ).toEqual([]);
  });
});
