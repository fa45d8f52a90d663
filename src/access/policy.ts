/**
 * Field policies, declared where each field is defined (the `personal` or `public` option of a
 * Pothos field on a type declared with `describesPerson`) and collected here while the schema is
 * built (src/access/policy-plugin.ts). The field guard, the purpose pre-check, filter checks, the
 * default grant matrix, the task list's field names and the README's grant table all read this
 * one registry; nothing else lists personal fields.
 */

/** How a MASKED grant shows a value (null: withheld). */
export type Mask = (value: never) => unknown;

/**
 * Where the ids of the residents a row is about are, for the audit trail: paths of loaded values
 * (`id`, `residentId`, `members.id` through a relation, a list or not). The first path whose head
 * the row loaded counts; none, or an empty list: the row names no resident. One declaration read
 * twice: by `subjectsOf` on rows in Node, and as JSON paths by the compiled read path's audit
 * append in SQL (src/compiled/audit.ts).
 */
export type Subject = readonly string[];

/** What a type declares with `describesPerson`. */
export interface PersonType {
  /** Whose data a row is: its residents' ids (a household: its members, loaded by the field's select). */
  subject: Subject;
}

/** The `personal` option of a field. */
export interface PersonalPolicy {
  /** How MASKED shows the value; `withheld` for a fact that has no partial form. */
  mask: Mask;
  /**
   * Report uses graded by this field (`dimensions.AGE_BAND`, `filter.ageBands`, `measures.AVG_AGE`):
   * a report using one needs at least AGGREGATE on the field (src/modules/report/engine.ts).
   */
  reportUses?: string[];
  /**
   * `tags`: the field lists tags, each graded by its own grant (Tag.<code>); the resolver keeps the
   * readable ones. It still needs a purpose, decided before execution.
   */
  perTag?: boolean;
}

export interface Declared {
  typeName: string;
  fieldName: string;
  personal?: PersonalPolicy;
  /** Why a field of a person-describing type is not personal. */
  publicReason?: string;
  subject?: Subject;
}

/**
 * What a filter argument reveals (the `reveals` option of an input field on a type declared with
 * `filtersPeople`): a personal field (`Resident.name`), or `Tag` when its value names a tag (graded
 * per tag). Filtering by it needs what reading it needs, and is audited with the rows it matched.
 */
export interface FilterDeclared {
  inputType: string;
  fieldName: string;
  reveals?: string;
  publicReason?: string;
}

const filters = new Map<string, FilterDeclared>();

export function declareFilter(entry: FilterDeclared): void {
  filters.set(`${entry.inputType}.${entry.fieldName}`, entry);
}

/** The declarations of one filter input type's fields. */
export function filterDeclarations(inputType?: string): FilterDeclared[] {
  built();
  return [...filters.values()].filter((f) => inputType === undefined || f.inputType === inputType);
}

/** MASKED of a fact without a partial form (a status, a kind of service): not shown. */
export const withheld: Mask = () => null;

const registry = new Map<string, Declared>();

/** Called by the policy plugin for each field of a person-describing type. */
export function declare(entry: Declared): void {
  registry.set(`${entry.typeName}.${entry.fieldName}`, entry);
}

function built(): Map<string, Declared> {
  if (registry.size === 0)
    throw new Error('field policies are read from the schema: import src/schema.js first');
  return registry;
}

/** The declaration of `Type.field`, if the field is on a person-describing type. */
export function policyOf(typeName: string, fieldName: string): Declared | undefined {
  return built().get(`${typeName}.${fieldName}`);
}

/** Whether `Type.field` is personal (graded by a grant of its own; per-tag fields are not). */
export function isPersonalField(typeName: string, fieldName: string): boolean {
  const policy = policyOf(typeName, fieldName)?.personal;
  return policy !== undefined && !policy.perTag;
}

/** Whether reading `Type.field` needs a purpose (every personal field, per-tag ones included). */
export function needsPurpose(typeName: string, fieldName: string): boolean {
  return policyOf(typeName, fieldName)?.personal !== undefined;
}

export function maskOf(typeName: string, fieldName: string): (value: unknown) => unknown {
  const mask = policyOf(typeName, fieldName)?.personal?.mask;
  if (!mask) throw new Error(`${typeName}.${fieldName} is not a personal field`);
  return mask as (value: unknown) => unknown;
}

/** Every graded personal field as `Type.field`, in declaration order. */
export function personalFieldNames(): string[] {
  return [...built().values()]
    .filter((d) => d.personal && !d.personal.perTag)
    .map((d) => `${d.typeName}.${d.fieldName}`);
}

/** Every declaration, for the README's tables and the tests. */
export function declarations(): Declared[] {
  return [...built().values()];
}

/** The graded field of each report use (`dimensions.STATUS` → Resident.status), from the declarations. */
export function gradedReportUses(): Map<string, [string, string]> {
  const uses = new Map<string, [string, string]>();
  for (const d of built().values())
    for (const use of d.personal?.reportUses ?? []) uses.set(use, [d.typeName, d.fieldName]);
  return uses;
}

const splitSubjects = new WeakMap<Subject, string[][]>();

/**
 * The declared subject paths of `Type.field`, each as its keys (`['members', 'id']`): split once
 * per declaration, for `subjectsOf` (every row of every guarded field) and the compiled read's SQL.
 */
export function subjectPaths(typeName: string, fieldName: string): string[][] {
  const subject = policyOf(typeName, fieldName)?.subject;
  if (!subject) return [];
  let paths = splitSubjects.get(subject);
  if (!paths) splitSubjects.set(subject, (paths = subject.map((p) => p.split('.'))));
  return paths;
}

/** The residents `parent` is about under its type's declaration. */
export function subjectsOf(
  typeName: string,
  fieldName: string,
  parent: Record<string, unknown>,
): number[] {
  const path = subjectPaths(typeName, fieldName).find((keys) => parent[keys[0]!] !== undefined);
  const ids: number[] = [];
  const walk = (value: unknown, keys: readonly string[]): void => {
    if (Array.isArray(value)) for (const item of value) walk(item, keys);
    else if (keys.length === 0) {
      if (typeof value === 'number') ids.push(value);
    } else if (value !== null && typeof value === 'object')
      walk((value as Record<string, unknown>)[keys[0]!], keys.slice(1));
  };
  if (path) walk(parent, path);
  return ids;
}
