import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compareWithRelease,
  isPassing,
  paths,
  printContract,
  readAccepted,
} from '../../schema/tools/contract.js';

const sdl = (text: string) => text.replace(/^(#.*\n)+\n?/, '');

describe('the schema contract', () => {
  it('schema/schema.graphql is the schema the code builds (else: npm run schema, and commit it)', async () => {
    const committed = readFileSync(paths.schema, 'utf8');
    const printed = await printContract();
    expect(
      committed === printed,
      'schema/schema.graphql is stale: run `npm run schema` and commit it',
    ).toBe(true);
  });

  it('has no breaking change since the last release that breaking-changes.json does not mark', async () => {
    const report = compareWithRelease(
      readFileSync(paths.released, 'utf8'),
      sdl(await printContract()),
      readAccepted(),
    );
    expect(report.unmarked, 'unmarked breaking changes: see schema/README.md').toEqual([]);
    expect(report.stale, 'entries of breaking-changes.json that match no change').toEqual([]);
  });
});

describe('the breaking-change check', () => {
  const released = `
    type Query { resident(id: ID!): Resident, tags: [String!]! }
    type Resident { id: ID!, name: String, phone: String }
    enum Kind { A B }
    input Filter { tag: String }
  `;

  it('finds a removed field, a changed type and a new required input field', () => {
    const current = `
      type Query { resident(id: ID!): Resident, tags: [String] }
      type Resident { id: ID!, name: String }
      enum Kind { A B C }
      input Filter { tag: String, community: ID! }
    `;
    const report = compareWithRelease(released, current, []);
    expect(report.unmarked).toEqual([
      'FIELD_CHANGED_KIND: Query.tags changed type from [String!]! to [String].',
      'FIELD_REMOVED: Resident.phone was removed.',
      'REQUIRED_INPUT_FIELD_ADDED: A required field community on input type Filter was added.',
    ]);
    expect(report.dangerous).toEqual(['VALUE_ADDED_TO_ENUM: C was added to enum type Kind.']);
    expect(isPassing(report)).toBe(false);
  });

  it('passes a breaking change marked as intended, and fails on a mark that matches nothing', () => {
    const current = released.replace(', phone: String', '');
    const change = 'FIELD_REMOVED: Resident.phone was removed.';
    const marked = compareWithRelease(released, current, [
      { change, reason: 'deprecated since 0.3.0' },
    ]);
    expect(marked).toMatchObject({ unmarked: [], accepted: [change], stale: [] });
    expect(isPassing(marked)).toBe(true);
    const stale = compareWithRelease(released, released, [{ change, reason: 'was planned' }]);
    expect(stale.stale).toEqual([change]);
    expect(isPassing(stale)).toBe(false);
  });

  it('does not fail on additions (a new field, type or optional argument)', () => {
    const current = released
      .replace('tags: [String!]!', 'tags(section: String): [String!]!, communities: [String!]!')
      .concat('\ntype Community { id: ID! }');
    const report = compareWithRelease(released, current, []);
    expect(report).toMatchObject({
      unmarked: [],
      dangerous: ['OPTIONAL_ARG_ADDED: An optional arg section on Query.tags was added.'],
    });
    expect(isPassing(report)).toBe(true);
  });
});
