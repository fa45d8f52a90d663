import { describe, expect, it } from 'vitest';
import { sections, tasks } from '../support/scenario.js';
import {
  appInChromium,
  contrastFailures,
  dryRunLedger,
  haveChromium,
  saveAndOpenShare,
  scenarioWithoutStatusGrant,
  shot,
  showSignIn,
  signInAs,
} from './chromium.js';

const ledger = `\uFEFF户主姓名,证件,民族,住址\r\n赵一,310106194001010011,汉族,华山路1号\r\n`;

/**
 * WCAG AA colour contrast (axe-core's `color-contrast` rule) on every screen of the app, in the
 * states that show their colours: greyed options with the reason, errors, tables, the share panel.
 */
describe.skipIf(!haveChromium)('colour contrast of the browser app, in Chromium', () => {
  // A grant withheld, so the builder shows a greyed option and its reason.
  const app = appInChromium(scenarioWithoutStatusGrant);

  const check = async (screen: string) => {
    await app.page.waitForLoadState('networkidle');
    expect(await contrastFailures(app.page), screen).toEqual([]);
    await shot(app.page, `contrast-${screen}`);
  };

  it('the check finds text too pale for its background', async () => {
    await showSignIn(app.page, app.base);
    await app.page.evaluate(`(() => {
      const p = document.createElement('p');
      p.id = 'pale';
      p.textContent = '浅灰色的字 pale grey text';
      p.style.cssText = 'color: #aaaaaa; background: #ffffff';
      document.body.append(p);
    })()`);
    const failures = await contrastFailures(app.page);
    expect(failures).toEqual([
      expect.objectContaining({ rule: 'color-contrast', target: '#pale' }),
    ]);
    expect(failures[0]!.summary).toMatch(/contrast of 2\.3/);
  });

  it('sign-in, report builder and share screen pass', async () => {
    await showSignIn(app.page, app.base);
    await check('signin');
    await signInAs(app.page, app.base, sections.c1);
    await app.page.selectOption('[data-testid=purpose]', tasks.population);
    await expect.poll(() => app.page.textContent('[data-testid=option-STATUS]')).toContain('needs');
    await app.page.click('[data-testid=run-report]');
    await app.page.waitForSelector('[data-testid=report-table] tbody tr', { timeout: 20_000 });
    await check('report');
    await saveAndOpenShare(app.page, '对比度检查');
    await check('share');
  });

  it('resident card, import and burden dashboard pass', async () => {
    await app.page.click('[data-testid=nav-resident]');
    await app.page.click('text=搜索');
    await app.page.locator('[data-testid=resident-open]').first().click();
    await app.page.waitForSelector('[data-testid=access-log] tbody tr', { timeout: 10_000 });
    await check('resident');
    await dryRunLedger(app.page, '台账.csv', ledger);
    await app.page.waitForSelector('[data-testid=import-error]');
    await check('import');
    await app.page.click('[data-testid=nav-burden]');
    await app.page.waitForSelector('[data-testid=baseline]');
    await check('burden');
    expect(app.problems).toEqual([]);
  });
});
