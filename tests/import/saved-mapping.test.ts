import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import type { TestHub } from '../support/hub.js';
import { postImport, sections, snapshot, startImportHub } from './support.js';

/** A ledger whose headings the hub does not know: 户主姓名 for the name, 证件 for the ID number. */
const odd = '\uFEFF户主姓名,证件,民族,住址,备用\r\n赵一,310106194001010011,汉族,华山路1号,x\r\n';
const oddMapping = { 户主姓名: 'name', 证件: 'idNumber', 备用: null };

const save = `mutation($kind: ImportKind!, $name: String!, $mapping: JSON!) {
  saveImportMapping(kind: $kind, name: $name, mapping: $mapping) { kind name mapping createdBy } }`;
const list = `query($kind: ImportKind) { importMappings(kind: $kind) { kind name mapping } }`;
const remove = `mutation($name: String!) { deleteImportMapping(kind: residents, name: $name) }`;

describe.each(testDatabaseKinds())('saved import mappings (%s)', (kind) => {
  let hub: TestHub;
  const c1 = { section: sections.c1, purpose: null };
  const c2 = { section: sections.c2, purpose: null };
  beforeAll(async () => {
    hub = await startImportHub(kind);
  });
  afterAll(() => hub?.close());

  it('a section saves a mapping through GraphQL and sees only its own', async () => {
    const saved = await hub.gql<{ saveImportMapping: { mapping: unknown } }>(
      save,
      { kind: 'residents', name: '华山台账', mapping: oddMapping },
      c1,
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data).toMatchObject({
      saveImportMapping: { kind: 'residents', name: '华山台账', createdBy: 'token:tester' },
    });
    expect(saved.data!.saveImportMapping.mapping).toMatchObject({
      证件: 'idNumber',
      备用: null,
    });
    const mine = await hub.gql<{ importMappings: unknown[] }>(list, { kind: 'residents' }, c1);
    expect(mine.data?.importMappings).toHaveLength(1);
    const theirs = await hub.gql<{ importMappings: unknown[] }>(list, {}, c2);
    expect(theirs.data?.importMappings).toEqual([]);
    // Another section's delete of the same name deletes nothing of c1's.
    expect((await hub.gql(remove, { name: '华山台账' }, c2)).data).toEqual({
      deleteImportMapping: false,
    });
    expect(
      (await hub.gql<{ importMappings: unknown[] }>(list, {}, c1)).data?.importMappings,
    ).toHaveLength(1);
  });

  it('refuses a target that is not a field of the kind, and a district section', async () => {
    const bad = await hub.gql(
      save,
      { kind: 'services', name: 'x', mapping: { 证件: 'ethnicity' } },
      c1,
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const district = await hub.gql(
      save,
      { kind: 'residents', name: 'x', mapping: oddMapping },
      {
        section: 'civil-affairs',
        purpose: null,
      },
    );
    expect(district.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('the upload route imports with a saved mapping by name; another section cannot use it', async () => {
    const before = await snapshot(hub);
    const dry = await postImport(hub, 'residents', odd, {
      dryRun: 'true',
      mappingName: '华山台账',
    });
    expect(dry.status).toBe(200);
    expect(dry.body.counts).toMatchObject({ lines: 1, created: 1, failed: 0 });
    expect(dry.body.columns).toEqual([
      { heading: '户主姓名', field: 'name' },
      { heading: '证件', field: 'idNumber' },
      { heading: '民族', field: 'ethnicity' },
      { heading: '住址', field: 'address' },
      { heading: '备用', field: null },
    ]);
    expect(await snapshot(hub)).toEqual(before);
    const other = await postImport(
      hub,
      'residents',
      odd,
      { dryRun: 'true', mappingName: '华山台账', community: '310106001002' },
      { section: sections.c2 },
    );
    expect(other.status).toBe(404);
    expect(other.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('without a mapping the refusal lists the headings; saveMapping stores the mapping given', async () => {
    const refused = await postImport(
      hub,
      'residents',
      odd,
      { dryRun: 'true' },
      { section: sections.c2 },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      headings: ['户主姓名', '证件', '民族', '住址', '备用'],
    });
    const query = { dryRun: 'true', mapping: JSON.stringify(oddMapping), saveMapping: '二号台账' };
    const saved = await postImport(hub, 'residents', odd, query, { section: sections.c2 });
    expect(saved.body.counts.created).toBe(1);
    const c2List = await hub.gql<{ importMappings: Array<{ name: string }> }>(list, {}, c2);
    expect(c2List.data?.importMappings.map((m) => m.name)).toEqual(['二号台账']);
    const both = await postImport(hub, 'residents', odd, { ...query, mappingName: '二号台账' });
    expect(both.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
