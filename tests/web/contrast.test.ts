import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario, sections, tasks } from '../support/scenario.js';
import { contrastFailures, haveChromium, launch, openPage, shot, signInAs } from './chromium.js';

const ledger = `\uFEFF户主姓名,证件,民族,住址\r\n赵一,310106194001010011,汉族,华山路1号\r\n`;

/**
 * WCAG AA colour contrast (axe-core's `color-contrast` rule) on every screen of the app, in the
 * states that show their colours: greyed options with the reason, errors, tables, the share panel.
 */
describe.skipIf(!haveChromium)('colour contrast of the browser app, in Chromium', () => {
  let t: TestHub;
  let base: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  beforeAll(async () => {
    t = await startTestHub('pglite', async (hub) => {
      await insertScenario(hub.prisma);
      // A grant withheld, so the builder shows a greyed option and its reason.
      await hub.prisma.fieldGrant.deleteMany({
        where: { section: { code: sections.c1 }, typeName: 'Resident', fieldName: 'status' },
      });
    });
    base = t.url.replace(/\/graphql$/, '');
    browser = await launch();
    page = await openPage(browser, base, problems);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const check = async (screen: string) => {
    await page.waitForLoadState('networkidle');
    expect(await contrastFailures(page), screen).toEqual([]);
    await shot(page, `contrast-${screen}`);
  };

  it('the check finds text too pale for its background', async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector('[data-testid=demo-section] option', { state: 'attached' });
    await page.evaluate(`(() => {
      const p = document.createElement('p');
      p.id = 'pale';
      p.textContent = '浅灰色的字 pale grey text';
      p.style.cssText = 'color: #aaaaaa; background: #ffffff';
      document.body.append(p);
    })()`);
    const failures = await contrastFailures(page);
    expect(failures).toEqual([
      expect.objectContaining({ rule: 'color-contrast', target: '#pale' }),
    ]);
    expect(failures[0]!.summary).toMatch(/contrast of 2\.3/);
  });

  it('sign-in, report builder and share screen pass', async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector('[data-testid=demo-section] option', { state: 'attached' });
    await check('signin');
    await signInAs(page, base, sections.c1);
    await page.selectOption('[data-testid=purpose]', tasks.population);
    await expect.poll(() => page.textContent('[data-testid=option-STATUS]')).toContain('needs');
    await page.click('[data-testid=run-report]');
    await page.waitForSelector('[data-testid=report-table] tbody tr', { timeout: 20_000 });
    await check('report');
    await page.fill('[placeholder=报表名称]', '对比度检查');
    await page.click('text=保存');
    await page
      .locator('ul.saved li', { hasText: '对比度检查' })
      .locator('[data-testid=saved-share]')
      .click();
    await page.waitForSelector(`[data-testid="share-${sections.c2}"]`);
    await check('share');
  });

  it('resident card, import and burden dashboard pass', async () => {
    await page.click('[data-testid=nav-resident]');
    await page.click('text=搜索');
    await page.locator('[data-testid=resident-open]').first().click();
    await page.waitForSelector('[data-testid=access-log] tbody tr', { timeout: 10_000 });
    await check('resident');
    await page.click('[data-testid=nav-import]');
    await page.setInputFiles('[data-testid=import-file]', {
      name: '台账.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(ledger),
    });
    await page.click('[data-testid=import-dry-run]');
    await page.waitForSelector('[data-testid=import-error]');
    await check('import');
    await page.click('[data-testid=nav-burden]');
    await page.waitForSelector('[data-testid=baseline]');
    await check('burden');
    expect(problems).toEqual([]);
  });
});
