import {
  DEFAULT_DEPRECATION_REASON,
  type GraphQLNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema.js';

/** Public parts of the schema (types, fields, arguments, input fields, enum values) and their docs. */
function parts(type: GraphQLNamedType) {
  const found: Array<{
    name: string;
    description: string | null | undefined;
    deprecationReason?: string | null;
  }> = [];
  found.push({ name: type.name, description: type.description });
  if (isObjectType(type) || isInterfaceType(type)) {
    for (const field of Object.values(type.getFields())) {
      found.push({
        name: `${type.name}.${field.name}`,
        description: field.description,
        deprecationReason: field.deprecationReason,
      });
      for (const arg of field.args) {
        found.push({
          name: `${type.name}.${field.name}(${arg.name})`,
          description: arg.description,
          deprecationReason: arg.deprecationReason,
        });
      }
    }
  }
  if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) {
      found.push({
        name: `${type.name}.${field.name}`,
        description: field.description,
        deprecationReason: field.deprecationReason,
      });
    }
  }
  if (isEnumType(type)) {
    for (const value of type.getValues()) {
      found.push({
        name: `${type.name}.${value.name}`,
        description: value.description,
        deprecationReason: value.deprecationReason,
      });
    }
  }
  return found;
}

const publicTypes = Object.values(schema.getTypeMap()).filter(
  (type) => !isIntrospectionType(type) && !isSpecifiedScalarType(type),
);
const all = publicTypes.flatMap(parts);

describe('schema documentation', () => {
  it('describes every public type, field, argument, input field and enum value', () => {
    const undocumented = all.filter((part) => !part.description?.trim()).map((part) => part.name);
    expect(
      undocumented,
      'add a `description` in src/modules (Chinese and English for domain terms)',
    ).toEqual([]);
    expect(all.length).toBeGreaterThan(300);
  });

  it('names the domain types of the glossary in Chinese as well as English', () => {
    const glossary = [
      'District',
      'Subdistrict',
      'Community',
      'Section',
      'Resident',
      'Household',
      'Tag',
      'ServiceRecord',
      'HotlineCase',
      'Task',
      'AuditEvent',
    ];
    const monolingual = glossary.filter(
      (name) => !/[\u4e00-\u9fff]/.test(schema.getType(name)?.description ?? ''),
    );
    expect(monolingual).toEqual([]);
  });

  it('gives every deprecation a reason of its own (what to use instead, and since when)', () => {
    const deprecated = all.filter((part) => part.deprecationReason != null);
    const vague = deprecated.filter(
      (part) =>
        !part.deprecationReason?.trim() || part.deprecationReason === DEFAULT_DEPRECATION_REASON,
    );
    expect(vague.map((part) => part.name)).toEqual([]);
  });
});
