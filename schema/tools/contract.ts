/**
 * The schema contract: `schema/schema.graphql` is printed from the code, `schema/released.graphql`
 * is the schema of the last release, and `schema/breaking-changes.json` lists the breaking changes
 * accepted on purpose since then. See schema/README.md for the workflow.
 */
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  findBreakingChanges,
  findDangerousChanges,
  type BreakingChange,
  type DangerousChange,
} from 'graphql';

const folder = new URL('../', import.meta.url);
export const paths = {
  schema: new URL('schema.graphql', folder),
  released: new URL('released.graphql', folder),
  accepted: new URL('breaking-changes.json', folder),
};

const header =
  '# OneTable GraphQL schema: the contract with internal clients.\n' +
  '# Printed from the code by `npm run schema`; do not edit. Workflow: schema/README.md\n\n';

/** The text of schema/schema.graphql for the schema the code builds. */
export async function printContract(): Promise<string> {
  const { printSchemaSDL } = await import('../../src/schema.js');
  return `${header}${printSchemaSDL()}\n`;
}

/** A breaking change marked as intended, with why it is acceptable. */
export interface AcceptedChange {
  change: string;
  reason: string;
}

export function readAccepted(): AcceptedChange[] {
  const parsed: unknown = JSON.parse(readFileSync(paths.accepted, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error('breaking-changes.json must hold a JSON array');
  return parsed.map((entry: unknown, index) => {
    const { change, reason } = (entry ?? {}) as Partial<Record<keyof AcceptedChange, unknown>>;
    if (typeof change !== 'string' || typeof reason !== 'string' || reason.trim() === '') {
      throw new Error(`breaking-changes.json[${index}] needs a "change" and a non-empty "reason"`);
    }
    return { change, reason };
  });
}

/** How a change is written in reports and in breaking-changes.json. */
export function changeKey(change: BreakingChange | DangerousChange): string {
  return `${change.type}: ${change.description}`;
}

export interface ContractReport {
  /** Breaking changes since the release that nobody marked as intended: these fail the check. */
  unmarked: string[];
  /** Breaking changes marked as intended in breaking-changes.json. */
  accepted: string[];
  /** Entries of breaking-changes.json that match no change (stale): these fail the check too. */
  stale: string[];
  /** Changes that break no query but may surprise a client (e.g. a new enum value): reported only. */
  dangerous: string[];
}

/** Compares the released schema with the current one. */
export function compareWithRelease(
  released: string,
  current: string,
  acceptedChanges: AcceptedChange[],
): ContractReport {
  const before = buildSchema(released);
  const after = buildSchema(current);
  const breaking = findBreakingChanges(before, after).map(changeKey);
  const marked = new Set(acceptedChanges.map((entry) => entry.change));
  return {
    unmarked: breaking.filter((change) => !marked.has(change)),
    accepted: breaking.filter((change) => marked.has(change)),
    stale: [...marked].filter((change) => !breaking.includes(change)),
    dangerous: findDangerousChanges(before, after).map(changeKey),
  };
}

export function isPassing(report: ContractReport): boolean {
  return report.unmarked.length === 0 && report.stale.length === 0;
}
