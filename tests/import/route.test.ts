import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import type { TestHub } from '../support/hub.js';
import { idNumberOf, tasks } from '../support/scenario.js';
import { badLines, gbk, messyRows, people, toCsv, toXlsx, utf8Bom } from './fixtures.js';
import { postImport, sections, snapshot, startImportHub } from './support.js';

describe.each(testDatabaseKinds())('POST /import/residents (%s)', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startImportHub(kind);
  });
  afterAll(() => hub?.close());

  it('a dry run reports every line and changes nothing', async () => {
    const before = await snapshot(hub);
    const xlsx = await toXlsx(messyRows());
    const { status, body } = await postImport(hub, 'residents', xlsx, { dryRun: 'true' });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      applied: false,
      dryRun: true,
      format: 'xlsx',
      headerLine: 2,
      community: '310106001001',
    });
    expect(body.counts).toMatchObject({ lines: 6, created: 3, failed: 3, householdsCreated: 2 });
    expect([...new Set(body.errors.map((e: any) => e.line))]).toEqual(badLines.xlsx);
    const messages = body.errors.map((e: any) => e.message).join('\n');
    expect(messages).toMatch(/公民身份号码|身份证号/);
    expect(messages).toContain('the same ID number is on line 3');
    expect(messages).toContain('性别: does not agree with the ID number');
    // No value of the file in the answer's messages.
    for (const p of Object.values(people)) {
      expect(messages).not.toContain(p.id.slice(0, 10));
      expect(messages).not.toContain(p.name);
    }
    expect(await snapshot(hub)).toEqual(before);
  });

  it('all or nothing: a file with bad lines changes nothing unless --partial', async () => {
    const before = await snapshot(hub);
    const { body } = await postImport(hub, 'residents', utf8Bom(toCsv(messyRows())));
    expect(body).toMatchObject({ applied: false, dryRun: false, encoding: 'utf-8' });
    expect(body.counts.failed).toBe(3);
    expect([...new Set(body.errors.map((e: any) => e.line))]).toEqual(badLines.csv);
    expect(await snapshot(hub)).toEqual(before);
  });

  it('--partial loads the valid lines: households by 户号, heads, tags, cleaned values; audited and in the burden ledger', async () => {
    const file = gbk(toCsv(messyRows()));
    const { body } = await postImport(hub, 'residents', file, { partial: 'true' });
    expect(body).toMatchObject({ applied: true, encoding: 'gb18030' });
    expect(body.counts).toMatchObject({
      created: 3,
      failed: 3,
      householdsCreated: 2,
      tagsAdded: 2,
    });
    const zhao = await hub.hub.prisma.resident.findUniqueOrThrow({
      where: { idNumber: people.zhao.id },
      include: { household: true, tags: { include: { tag: true } } },
    });
    const sun = await hub.hub.prisma.resident.findUniqueOrThrow({
      where: { idNumber: people.sun.id },
    });
    const qian = await hub.hub.prisma.resident.findUniqueOrThrow({
      where: { idNumber: people.qian.id },
      include: { household: true },
    });
    expect(zhao).toMatchObject({
      name: '赵建国',
      phone: '13912345678',
      gender: 'MALE',
      relationToHead: 'SELF',
      residenceType: 'REGISTERED',
    });
    expect(zhao.household).toMatchObject({ address: '华山路100弄8号201室', headId: zhao.id });
    expect(zhao.tags.map((t) => t.tag.code)).toEqual(['VETERAN']);
    expect(sun).toMatchObject({
      name: '孙丽',
      phone: '13912345679',
      householdId: zhao.householdId,
      relationToHead: 'SPOUSE',
      birthDate: new Date('1950-02-10'),
    });
    expect(qian).toMatchObject({
      ethnicity: '回族',
      phone: '021-62345678',
      relationToHead: 'SELF',
      birthDate: new Date('1941-08-19'),
    });
    expect(qian.household?.address).toBe('华山路100弄9号102室');
    const event = await hub.hub.prisma.auditEvent.findFirstOrThrow({
      where: { operationName: { startsWith: 'importResidents' } },
      orderBy: { id: 'desc' },
    });
    expect(event).toMatchObject({
      sectionCode: sections.c1,
      purpose: tasks.population,
      outcome: 'PARTIAL',
      operationHash: createHash('sha256').update(file).digest('hex'),
    });
    expect(event.operationName).toBe(
      'importResidents lines=6 created=3 updated=0 unchanged=0 skipped=0 failed=3',
    );
    expect(event.residentIds).toEqual([zhao.id, sun.id, qian.id].sort((a, b) => a - b));
    const entries = await hub.hub.prisma.burdenEntry.findMany({ where: { kind: 'IMPORT' } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ dataset: 'RESIDENTS', communityIds: [zhao.communityId] });
  });

  it('importing the same file again changes nothing', async () => {
    const before = await snapshot(hub);
    const { body } = await postImport(hub, 'residents', await toXlsx(messyRows()), {
      partial: 'true',
    });
    expect(body.counts).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 3,
      failed: 3,
      householdsCreated: 0,
      tagsAdded: 0,
    });
    expect(await snapshot(hub)).toEqual(before);
  });

  it('--on-existing decides for a person on record with other values', async () => {
    const changed = messyRows()
      .slice(0, 1)
      .map((r) => r.map((v, i) => (i === 7 ? '13800000000' : v)));
    const skip = await postImport(hub, 'residents', toCsv(changed));
    expect(skip.body.counts).toMatchObject({ skipped: 1, updated: 0 });
    const fail = await postImport(hub, 'residents', toCsv(changed), { onExisting: 'fail' });
    expect(fail.body).toMatchObject({ applied: false });
    expect(fail.body.errors[0].message).toBe(
      '公民身份号码: is on record with other 联系电话 (--on-existing fail)',
    );
    const before = await hub.hub.prisma.resident.findUniqueOrThrow({
      where: { idNumber: people.zhao.id },
    });
    const update = await postImport(hub, 'residents', toCsv(changed), { onExisting: 'update' });
    expect(update.body.counts).toMatchObject({ updated: 1 });
    const after = await hub.hub.prisma.resident.findUniqueOrThrow({
      where: { idNumber: people.zhao.id },
    });
    expect(after).toMatchObject({
      phone: '13800000000',
      version: before.version + 1,
      householdId: before.householdId,
    });
  });

  it('a person on record in another community is a line error, not a database error', async () => {
    const rows = [
      [
        '1',
        'H09',
        '周磊',
        '男',
        idNumberOf('zhouLei'),
        '',
        '汉族',
        '',
        '华山路100弄20号',
        '本人',
        '',
        '',
      ],
    ];
    const { status, body } = await postImport(hub, 'residents', toCsv(rows));
    expect(status).toBe(200);
    expect(body).toMatchObject({ applied: false, counts: { failed: 1, created: 0 } });
    expect(body.errors[0].message).toBe(
      '公民身份号码: is already on record outside this community',
    );
    expect(await hub.hub.prisma.household.count({ where: { address: '华山路100弄20号' } })).toBe(0);
  });

  it('jurisdiction, section level and purpose are enforced with clear codes', async () => {
    const file = toCsv(messyRows().slice(0, 1));
    const other = await postImport(hub, 'residents', file, { community: '310106001002' });
    expect(other.status).toBe(403);
    expect(other.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const district = await postImport(hub, 'residents', file, {}, { section: 'civil-affairs' });
    expect([district.status, district.body.errors[0].extensions.code]).toEqual([403, 'FORBIDDEN']);
    const noPurpose = await postImport(hub, 'residents', file, {}, { purpose: null });
    expect([noPurpose.status, noPurpose.body.errors[0].extensions.code]).toEqual([
      403,
      'PURPOSE_REQUIRED',
    ]);
    const street = await postImport(hub, 'residents', file, {}, { section: sections.street });
    expect([street.status, street.body.errors[0].extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
    const bad = await postImport(hub, 'residents', file, { onExisting: 'overwrite' });
    expect([bad.status, bad.body.errors[0].extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
    const garbage = await postImport(
      hub,
      'residents',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
    );
    expect([garbage.status, garbage.body.errors[0].message]).toEqual([
      400,
      'file: is not a readable XLSX workbook',
    ]);
    const denied = await hub.hub.prisma.auditEvent.count({
      where: { operationName: 'importResidents', outcome: 'DENIED' },
    });
    expect(denied).toBe(3);
  });
});
