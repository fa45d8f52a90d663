import { describe, expect, it } from 'vitest';
import { sections } from '../support/scenario.js';
import {
  appInChromium,
  dryRunLedger,
  haveChromium,
  saveAndOpenShare,
  scenarioWithoutStatusGrant,
  shot,
  signInAs,
} from './chromium.js';

/** A ledger with headings the hub does not know (户主姓名, 证件): the screen maps them by hand. */
const idNumber = '310106194001010011';
const ledger = `\uFEFF户主姓名,证件,民族,住址,备用\r\n赵一,${idNumber},汉族,华山路1号,x\r\n`;

describe.skipIf(!haveChromium)(
  'the import, share, builder and baseline screens, in Chromium',
  () => {
    // Under trusted operations: every call of these screens must be an operation of schema/operations/.
    // The committee holds no grant on Resident.status: the builder must not offer STATUS.
    const app = appInChromium(scenarioWithoutStatusGrant, { mode: { trustedOperations: true } });

    it("the builder does not offer what the section's grants or the task leave out, and says why", async () => {
      await signInAs(app.page, app.base, sections.c1);
      await app.page.selectOption('[data-testid=purpose]', 'T2026-001');
      const status = app.page.locator('[data-testid=option-STATUS]');
      await expect.poll(() => status.textContent()).toContain('needs AGGREGATE on Resident.status');
      expect(await status.locator('input').isDisabled()).toBe(true);
      expect(await app.page.locator('[data-testid=option-GENDER] input').isDisabled()).toBe(false);
      await shot(app.page, 'builder-grant-refusal');
      await app.page.selectOption('[data-testid=purpose]', 'T2026-002');
      const age = app.page.locator('[data-testid=option-AGE_BAND] input');
      expect(await age.isDisabled()).toBe(false);
      await expect
        .poll(() => app.page.textContent('[data-testid=option-HOUSEHOLD_SIZE]'))
        .toContain('not among the fields of task T2026-002');
      await shot(app.page, 'builder-task-refusal');
    });

    it('saves a report and shares it with another committee on the share screen', async () => {
      await app.page.selectOption('[data-testid=purpose]', 'T2026-001');
      const item = await saveAndOpenShare(app.page, '华山居委人口');
      await app.page.check(`[data-testid="share-${sections.c2}"]`);
      await shot(app.page, 'share');
      await app.page.click('[data-testid=share-save]');
      await expect.poll(() => item.textContent()).toContain(sections.c2);
      const stored = await app.t.hub.prisma.savedReportShare.findMany({
        include: { section: true },
      });
      expect(stored.map((s) => s.section.code)).toEqual([sections.c2]);
    });

    it('the other committee sees the shared report and opens it with its own jurisdiction', async () => {
      await signInAs(app.page, app.base, sections.c2);
      const item = app.page.locator('ul.saved li', { hasText: '华山居委人口' });
      await item.locator('[data-testid=saved-open]').click();
      await app.page.waitForSelector('[data-testid=report-table] tbody tr', { timeout: 20_000 });
      expect(await item.locator('[data-testid=saved-share]').count()).toBe(0);
      const table = await app.page.textContent('[data-testid=report-table]');
      expect(table).not.toContain('华山居委会');
      await shot(app.page, 'shared-opened');
    });

    it('imports a ledger: headings mapped on the screen, dry run first (nothing written), then confirm', async () => {
      await signInAs(app.page, app.base, sections.c1);
      await dryRunLedger(app.page, '华山台账.csv', ledger);
      await expect
        .poll(() => app.page.textContent('[data-testid=import-error]'))
        .toContain('BAD_USER_INPUT');
      await app.page.selectOption('select[aria-label=户主姓名]', 'name');
      await app.page.selectOption('select[aria-label=证件]', 'idNumber');
      expect(await app.page.inputValue('select[aria-label=民族]')).toBe('');
      await app.page.selectOption('select[aria-label=民族]', 'ethnicity');
      await app.page.selectOption('select[aria-label=住址]', 'address');
      await app.page.click('[data-testid=import-dry-run]');
      await expect
        .poll(() => app.page.textContent('[data-testid=import-verdict]'))
        .toContain('预检');
      const counts = await app.page.locator('[data-testid=import-counts] td').allTextContents();
      expect(counts.slice(0, 6)).toEqual(['1', '1', '0', '0', '0', '0']);
      expect(await app.t.hub.prisma.resident.count({ where: { idNumber } })).toBe(0);
      await app.page.fill('[data-testid=mapping-name]', '华山台账');
      await app.page.click('[data-testid=mapping-save]');
      await expect.poll(() => app.t.hub.prisma.importMapping.count()).toBe(1);
      await shot(app.page, 'import-dry-run');
      await app.page.click('[data-testid=import-confirm]');
      await expect
        .poll(() => app.page.textContent('[data-testid=import-verdict]'))
        .toContain('已导入');
      expect(await app.t.hub.prisma.resident.count({ where: { idNumber } })).toBe(1);
      await shot(app.page, 'import-confirmed');
    });

    it('the admin section enters the burden baseline; a committee sees it on its dashboard', async () => {
      await signInAs(app.page, app.base, 'admin');
      await app.page.click('[data-testid=nav-burden]');
      await app.page.fill('[data-testid=baseline-forms]', '120');
      await app.page.fill('[data-testid=baseline-certificates]', '45');
      await app.page.click('[data-testid=baseline-save]');
      await expect
        .poll(() => app.page.textContent('[data-testid=baseline-value]'))
        .toContain('120');
      await signInAs(app.page, app.base, sections.c1);
      await app.page.click('[data-testid=nav-burden]');
      const value = app.page.locator('[data-testid=baseline-value]');
      await expect.poll(() => value.textContent()).toContain('120');
      expect(await value.textContent()).toContain('45');
      expect(await app.page.locator('[data-testid=baseline-forms]').count()).toBe(0);
      await shot(app.page, 'burden-baseline');
      expect(app.problems).toEqual([]);
    });
  },
);
