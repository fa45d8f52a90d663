import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import type { Edges, TestHub } from '../support/hub.js';
import { idNumberOf } from '../support/scenario.js';
import { toCsv } from './fixtures.js';
import { postImport, purpose, sections, snapshot, startImportHub } from './support.js';

describe.each(testDatabaseKinds())(
  'importing households, services and tags; re-importing an export (%s)',
  (kind) => {
    let hub: TestHub;
    beforeAll(async () => {
      hub = await startImportHub(kind);
    });
    afterAll(() => hub?.close());

    it("an export of the hub's residents imports back unchanged", async () => {
      const query = `{ residents(first: 100) { edges { node { name idNumber gender birthDate phone ethnicity residenceType status moveInDate relationToHead household { address } } } } }`;
      const answer = await hub.gql<{
        residents: Edges<Record<string, unknown> & { household: { address: string } | null }>;
      }>(query, {}, { section: sections.c1, purpose });
      const nodes = answer.data!.residents.edges.map((e) => e.node);
      expect(nodes.length).toBe(3);
      const headings = [
        'name',
        'idNumber',
        'gender',
        'birthDate',
        'phone',
        'ethnicity',
        'residenceType',
        'status',
        'moveInDate',
        'relationToHead',
        'address',
      ];
      const rows = nodes.map((n) => [
        ...headings.slice(0, 10).map((h) => String(n[h] ?? '')),
        n.household?.address ?? '',
      ]);
      const before = await snapshot(hub);
      const { body } = await postImport(hub, 'residents', toCsv(rows, headings), {
        onExisting: 'update',
      });
      expect(body).toMatchObject({
        applied: true,
        ignoredHeadings: [],
        counts: { lines: 3, created: 0, updated: 0, unchanged: 3, failed: 0, householdsCreated: 0 },
      });
      expect(await snapshot(hub)).toEqual(before);
    });

    it('service records: matched by ID number (and name when given), a second import adds nothing', async () => {
      const headings = ['身份证号', '姓名', '走访日期', '走访内容', '服务类型'];
      const rows = [
        [idNumberOf('zhangWei'), '张伟', '2026/10/9', '入户走访，身体良好', '走访'],
        [idNumberOf('liFang'), '李芳', '2026年10月9日 15:30', '提醒配药', '服药提醒'],
        [idNumberOf('liFang'), '李四', '2026-10-10', '', ''],
        [idNumberOf('chenJing'), '陈静', '2026-10-10', '', ''],
      ];
      const before = await hub.hub.prisma.serviceRecord.count();
      const first = await postImport(hub, 'services', toCsv(rows, headings), { partial: 'true' });
      expect(first.body.counts).toMatchObject({ created: 2, failed: 2 });
      expect(first.body.errors.map((e: any) => e.message)).toEqual([
        '姓名: differs from the name on record for this ID number',
        '身份证号: names no resident on record in this community (import the residents first)',
      ]);
      const visit = await hub.hub.prisma.serviceRecord.findFirstOrThrow({
        where: { notes: '提醒配药' },
      });
      expect(visit).toMatchObject({
        kind: 'MEDICATION_REMINDER',
        occurredAt: new Date('2026-10-09T07:30:00Z'),
        recordedBy: '刘书记',
      });
      const again = await postImport(hub, 'services', toCsv(rows, headings), { partial: 'true' });
      expect(again.body.counts).toMatchObject({ created: 0, unchanged: 2, failed: 2 });
      expect(await hub.hub.prisma.serviceRecord.count()).toBe(before + 2);
    });

    it('tags by code or name; a second import adds nothing', async () => {
      const rows = [
        [idNumberOf('zhangWei'), 'DISABILITY、退役军人'],
        [idNumberOf('wangXiuying'), '独居老人'],
        [idNumberOf('liFang'), '不存在的标签'],
      ];
      const first = await postImport(hub, 'tags', toCsv(rows, ['身份证号', '人员类别']), {
        partial: 'true',
      });
      expect(first.body.counts).toMatchObject({
        created: 1,
        unchanged: 1,
        failed: 1,
        tagsAdded: 2,
      });
      const zhang = await hub.hub.prisma.resident.findUniqueOrThrow({
        where: { idNumber: idNumberOf('zhangWei') },
        include: { tags: { include: { tag: true } } },
      });
      expect(zhang.tags.map((t) => t.tag.code).sort()).toEqual(['DISABILITY', 'VETERAN']);
      const again = await postImport(
        hub,
        'tags',
        toCsv(rows.slice(0, 2), ['身份证号', '人员类别']),
      );
      expect(again.body).toMatchObject({
        applied: true,
        counts: { created: 0, unchanged: 2, tagsAdded: 0 },
      });
    });

    it('households by 户号 or address; an address on record is unchanged', async () => {
      const rows = [
        ['H1', '华山路100弄1号101室', ''],
        ['H7', '华山路300弄7号', ''],
        ['H7', '华山路300弄7号', ''],
        ['', '华山路300弄8号', ''],
      ];
      const { body } = await postImport(
        hub,
        'households',
        toCsv(rows, ['户号', '住址', '户主身份证号']),
      );
      expect(body).toMatchObject({
        applied: true,
        counts: { lines: 4, created: 2, unchanged: 2, householdsCreated: 2 },
      });
      const again = await postImport(
        hub,
        'households',
        toCsv(rows, ['户号', '住址', '户主身份证号']),
      );
      expect(again.body.counts).toMatchObject({ created: 0, unchanged: 4 });
    });
  },
);
