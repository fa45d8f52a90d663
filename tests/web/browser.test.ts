import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario, tasks } from '../support/scenario.js';

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it when missing). */
const executablePath = '/usr/bin/chromium';
const haveChromium = existsSync(executablePath);
/** ONETABLE_SCREENSHOTS=<folder>: keep a screenshot of each step there (to look at the pages). */
const shots = process.env.ONETABLE_SCREENSHOTS;
const shot = (page: Page, name: string) =>
  shots ? page.screenshot({ path: `${shots}/${name}.png`, fullPage: true }) : Promise.resolve();
if (!haveChromium)
  console.warn(
    `browser tests skipped: no Chromium at ${executablePath} (apt-get install -y chromium)`,
  );

describe.skipIf(!haveChromium)('the browser app, in Chromium', () => {
  let t: TestHub;
  let base: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    t = await startTestHub('pglite', async (hub) => void (await insertScenario(hub.prisma)));
    base = t.url.replace(/\/graphql$/, '');
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => {
      if (
        !request.url().startsWith(base) &&
        !request.url().startsWith('data:') &&
        !request.url().startsWith('blob:')
      )
        pageErrors.push(`request elsewhere: ${request.url()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in as a demo committee', async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector('[data-testid=demo-section] option', { state: 'attached' });
    await shot(page, 'signin');
    await page.selectOption('[data-testid=demo-section]', 'committee:310106001001');
    await page.click('[data-testid=demo-signin]');
    await expect
      .poll(() => page.textContent('[data-testid=who]'))
      .toContain('committee:310106001001');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'onetable_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    expect(await page.evaluate('document.cookie')).not.toContain('onetable_session');
  });

  it('builds a report and sees the table and a chart', async () => {
    await page.click('[data-testid=nav-report]');
    await page.selectOption('[data-testid=purpose]', tasks.population);
    await page.click('[data-testid=run-report]');
    await page.waitForSelector('[data-testid=report-table] tbody tr', { timeout: 20_000 });
    const table = await page.textContent('[data-testid=report-table]');
    expect(table).toContain('华山居委会');
    expect(await page.locator('.chart canvas').count()).toBe(1);
    await shot(page, 'report');
  });

  it('opens a resident card with the access log', async () => {
    await page.click('[data-testid=nav-resident]');
    await page.click('text=搜索');
    await page.locator('[data-testid=resident-open]').first().click();
    await page.waitForSelector('[data-testid=resident-card]');
    await expect
      .poll(() => page.locator('[data-testid=access-log] tbody tr').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(await page.textContent('[data-testid=access-log]')).toContain(tasks.population);
    await shot(page, 'resident');
  });

  it('opens the IDE at /graphql and runs a query with the session', async () => {
    await page.goto(`${base}/graphql?purpose=T2026-001`);
    await page.waitForSelector('.graphiql-execute-button', { timeout: 30_000 });
    await page.waitForSelector('.graphiql-query-editor .monaco-editor', { timeout: 30_000 });
    await page.click('.graphiql-execute-button');
    await expect
      .poll(() => page.locator('.graphiql-response').textContent(), { timeout: 20_000 })
      .toContain('totalCount');
    expect(await page.locator('.graphiql-response').textContent()).not.toContain('errors');
    await shot(page, 'ide');
    expect(pageErrors).toEqual([]);
  });
});
