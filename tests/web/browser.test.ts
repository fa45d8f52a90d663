import { describe, expect, it } from 'vitest';
import { insertScenario, tasks } from '../support/scenario.js';
import { appInChromium, haveChromium, shot, showSignIn } from './chromium.js';

describe.skipIf(!haveChromium)('the browser app, in Chromium', () => {
  const app = appInChromium(async (hub) => void (await insertScenario(hub.prisma)));

  it('signs in as a demo committee', async () => {
    await showSignIn(app.page, app.base);
    await shot(app.page, 'signin');
    await app.page.selectOption('[data-testid=demo-section]', 'committee:310106001001');
    await app.page.click('[data-testid=demo-signin]');
    await expect
      .poll(() => app.page.textContent('[data-testid=who]'))
      .toContain('committee:310106001001');
    const cookies = await app.page.context().cookies();
    expect(cookies.find((c) => c.name === 'onetable_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    expect(await app.page.evaluate('document.cookie')).not.toContain('onetable_session');
  });

  it('builds a report and sees the table and a chart', async () => {
    await app.page.click('[data-testid=nav-report]');
    await app.page.selectOption('[data-testid=purpose]', tasks.population);
    await app.page.click('[data-testid=run-report]');
    await app.page.waitForSelector('[data-testid=report-table] tbody tr', { timeout: 20_000 });
    const table = await app.page.textContent('[data-testid=report-table]');
    expect(table).toContain('华山居委会');
    expect(await app.page.locator('.chart canvas').count()).toBe(1);
    await shot(app.page, 'report');
  });

  it('opens a resident card with the access log', async () => {
    await app.page.click('[data-testid=nav-resident]');
    await app.page.click('text=搜索');
    await app.page.locator('[data-testid=resident-open]').first().click();
    await app.page.waitForSelector('[data-testid=resident-card]');
    await expect
      .poll(() => app.page.locator('[data-testid=access-log] tbody tr').count(), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    expect(await app.page.textContent('[data-testid=access-log]')).toContain(tasks.population);
    await shot(app.page, 'resident');
  });

  it('opens the IDE at /graphql and runs a query with the session', async () => {
    await app.page.goto(`${app.base}/graphql?purpose=T2026-001`);
    await app.page.waitForSelector('.graphiql-execute-button', { timeout: 30_000 });
    await app.page.waitForSelector('.graphiql-query-editor .monaco-editor', { timeout: 30_000 });
    await app.page.click('.graphiql-execute-button');
    await expect
      .poll(() => app.page.locator('.graphiql-response').textContent(), { timeout: 20_000 })
      .toContain('totalCount');
    expect(await app.page.locator('.graphiql-response').textContent()).not.toContain('errors');
    await shot(app.page, 'ide');
    expect(app.problems).toEqual([]);
  });
});
