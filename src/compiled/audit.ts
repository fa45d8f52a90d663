import { tagGrantType } from '../access/fields.js';
import { maskOf, policyOf, subjectPaths, withheld } from '../access/policy.js';
import type { AccessLevel } from '../generated/prisma/enums.js';
import { sensitiveTagCodesPath } from '../modules/tag/type.js';
import type { ConnectionEntry } from './connection.js';
import type { OperationPlan, RootPlan } from './operation.js';
import type { Entry, ObjectPlan } from './plan.js';
import type { Select } from './select.js';

/**
 * The audit event of a compiled read, in SQL: what the answer's building will record (src/compiled/
 * answer.ts: every guarded field of every built object, with its declared subjects; the readable
 * sensitive tags of each resident's tags), computed by PostgreSQL from the statement's own JSON
 * rows, so the event is inserted by the same statement that reads. Derived from the same plan,
 * the same field declarations (`personal`, `describesPerson`'s subject paths, masks) and the
 * request's decided levels; Node still computes the event from the answer, and the two are
 * compared on every request (src/compiled/execute.ts).
 *
 * Anything whose building the SQL cannot follow (a personal field behind a resolver, a masked
 * object shown as something else) throws NotFoldable: that request appends its event apart.
 */
export class NotFoldable extends Error {}

/** SQL `SELECT`s over the jsonb columns of `j`: each yields touched field names, or resident ids. */
export interface AuditParts {
  fields: string[];
  residents: string[];
}

export interface AuditInputs {
  levels: Map<string, AccessLevel>;
  variables: Record<string, unknown>;
  /** Access.readableTagCodes(): the sensitive tags the request may read. */
  tagCodes: readonly string[];
}

/** A SQL string literal (standard_conforming_strings, PostgreSQL's default since 9.1). */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
const key = (name: string) => `.${JSON.stringify(name)}`;
/** A SQL literal holding a JSON path (keys come from the schema; quotes escaped regardless). */
const path = (jsonPath: string) => literal(jsonPath);
const numbers = ' ? (@.type() == "number")';

/** Whether a connection's entries build nodes (its edges ask for `node`). */
export const buildsNodes = (entries: ConnectionEntry[]) =>
  entries.some((e) => e.kind === 'edges' && e.entries.some((x) => x.kind === 'node'));

/** The JSON path (from a row) of the declared subject of `Type.field`, as subjectsOf reads it. */
function subjectPath(typeName: string, fieldName: string, select: Select): string | null {
  const loaded = subjectPaths(typeName, fieldName).find(
    ([head]) => select.scalars.has(head!) || select.relations.has(head!) || select.pages.has(head!),
  );
  return loaded === undefined ? null : `${loaded.map(key).join('')}${numbers}`;
}

/** Whether a per-tag field (`Resident.tags`) is anywhere in the plan. */
export function readsPerTag(plan: OperationPlan | ObjectPlan): boolean {
  const plans = 'roots' in plan ? plan.roots.flatMap((r) => ('plan' in r ? [r.plan] : [])) : [plan];
  return plans.some((p) =>
    p.entries.some(
      (e) =>
        (e.kind === 'resolved' && policyOf(e.typeName, e.fieldName)?.personal?.perTag) ||
        ((e.kind === 'object' || e.kind === 'resolved' || e.kind === 'page') &&
          readsPerTag(e.plan)),
    ),
  );
}

/** The event's parts for the roots of a statement: a row by id (`take` 1) or a page of `take` rows. */
export function auditRoots(
  roots: Array<{ root: RootPlan; column: string; take: number }>,
  inputs: AuditInputs,
): AuditParts {
  const parts: AuditParts = { fields: [], residents: [] };
  for (const { root, column, take } of roots) {
    if (root.kind === 'unique') auditPosition(parts, column, '$ ? (@ != null)', root.plan, inputs);
    else if (root.kind === 'connection' && take > 1 && buildsNodes(root.entries))
      auditPosition(parts, column, `$[0 to ${take - 2}]`, root.plan, inputs);
  }
  return parts;
}

/** Whether building `plan`'s objects records anything for the audit. */
function touches(plan: ObjectPlan): boolean {
  return plan.entries.some((e: Entry) => {
    if (e.kind === 'leaf') return e.guarded;
    if (e.kind === 'object' || e.kind === 'resolved')
      return e.guarded || Boolean(policyOf(e.typeName, e.fieldName)?.personal) || touches(e.plan);
    return e.kind === 'page' && touches(e.plan);
  });
}

/**
 * Adds what building `plan`'s objects records, for the objects at `rows` (a JSON path in the
 * jsonb column `column`, yielding exactly the rows the answer builds there).
 */
export function auditPosition(
  parts: AuditParts,
  column: string,
  rows: string,
  plan: ObjectPlan,
  inputs: AuditInputs,
): void {
  const source = `j.${column}`;
  const fields = new Set<string>();
  const subjects = new Set<string>();
  const touch = (e: { typeName: string; fieldName: string }) => {
    fields.add(`${e.typeName}.${e.fieldName}`);
    const subject = subjectPath(e.typeName, e.fieldName, plan.select);
    if (subject) subjects.add(subject);
  };
  for (const entry of plan.entries) {
    if (entry.kind === 'leaf' || entry.kind === 'object') {
      let shown = true;
      if (entry.guarded) {
        touch(entry);
        if (inputs.levels.get(`${entry.typeName}.${entry.fieldName}`) !== 'FULL') {
          // Masked: a non-null field, or an object masked to anything but null, is not followed.
          if (entry.nonNull) throw new NotFoldable('masked non-null field');
          if (entry.kind === 'object' && maskOf(entry.typeName, entry.fieldName) !== withheld)
            throw new NotFoldable('masked object');
          shown = false;
        }
      }
      if (entry.kind === 'object' && shown) {
        const below = `${rows}${key(entry.relation)}${entry.list ? '[*]' : ' ? (@ != null)'}`;
        auditPosition(parts, column, below, entry.plan, inputs);
      }
    } else if (entry.kind === 'page') {
      const { query } = entry.page.query(entry.page.args(inputs.variables));
      const take = query.take;
      // As buildConnection: of `take` rows (one more than the page) the first take - 1 are built.
      if (typeof take === 'number' && take > 1 && buildsNodes(entry.entries))
        auditPosition(
          parts,
          column,
          `${rows}${key(entry.relation)}[0 to ${take - 2}]`,
          entry.plan,
          inputs,
        );
    } else if (entry.kind === 'resolved') {
      // A resolver builds these objects: the SQL cannot follow it below.
      if (entry.guarded || touches(entry.plan))
        throw new NotFoldable('personal field below a resolver');
      if (policyOf(entry.typeName, entry.fieldName)?.personal?.perTag)
        perTag(parts, source, rows, entry, plan.select, inputs);
    }
  }
  if (fields.size === 0) return;
  const names = [...fields].map(literal).join(', ');
  parts.fields.push(
    `SELECT unnest(ARRAY[${names}]::text[]) WHERE jsonb_path_exists(${source}, ${path(rows)})`,
  );
  for (const subject of subjects)
    parts.residents.push(`SELECT jsonb_path_query(${source}, ${path(`${rows}${subject}`)})`);
}

/** A per-tag field (`Resident.tags`): `Tag.<code>` of each readable sensitive tag, with its resident. */
function perTag(
  parts: AuditParts,
  source: string,
  rows: string,
  entry: Extract<Entry, { kind: 'resolved' }>,
  select: Select,
  inputs: AuditInputs,
): void {
  if (entry.anchor.length !== 2 || entry.plan.typeName !== tagGrantType)
    throw new NotFoldable('per-tag field of another shape');
  if (inputs.tagCodes.length === 0) return; // no sensitive tag is readable: nothing recorded
  const codes = sensitiveTagCodesPath(key(entry.anchor[0]!), entry.anchor[1]!);
  // Codes of the grant table, as literals: a parameter might go unused (a bind error).
  const readable = `(c #>> '{}') IN (${inputs.tagCodes.map(literal).join(', ')})`;
  parts.fields.push(
    `SELECT '${tagGrantType}.' || (c #>> '{}') FROM jsonb_path_query(${source}, ${path(`${rows}${codes}`)}) c WHERE ${readable}`,
  );
  const subject = subjectPath(entry.typeName, entry.fieldName, select);
  if (subject)
    parts.residents.push(
      `SELECT s FROM jsonb_path_query(${source}, ${path(rows)}) r, jsonb_path_query(r, ${path(`$${subject}`)}) s ` +
        `WHERE EXISTS (SELECT 1 FROM jsonb_path_query(r, ${path(`$${codes}`)}) c WHERE ${readable})`,
    );
}
