import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario, sections } from '../support/scenario.js';
import { haveChromium, launch, openPage, shot, signInAs } from './chromium.js';

/**
 * Issue 15's accessibility floor, in Chromium: every form control has a label, the screens are
 * reached and used by keyboard alone, and nothing needs sideways scrolling at 768 px.
 */
describe.skipIf(!haveChromium)('the browser app for keyboards and narrow screens', () => {
  let t: TestHub;
  let base: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  beforeAll(async () => {
    t = await startTestHub('pglite', async (hub) => void (await insertScenario(hub.prisma)));
    base = t.url.replace(/\/graphql$/, '');
    browser = await launch();
    page = await openPage(browser, base, problems);
    await page.setViewportSize({ width: 768, height: 1024 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Controls without a label, an aria-label or aria-labelledby (by a short description). */
  // Evaluated in the page (strings: the tests are compiled without the DOM's types).
  const unlabelled = () =>
    page.evaluate<string[]>(`[...document.querySelectorAll('input, select, textarea')]
      .filter((e) => e.type !== 'hidden' && (e.labels?.length ?? 0) === 0
        && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
      .map((e) => e.tagName.toLowerCase() + '[placeholder=' + e.getAttribute('placeholder') + ']')`);
  const overflow = () =>
    page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
  const focused = () =>
    page.evaluate<string | null>("document.activeElement?.getAttribute('data-testid') ?? null");

  it('labels every control and needs no sideways scrolling at 768 px, on every screen', async () => {
    await signInAs(page, base, sections.c1);
    for (const screen of ['nav-report', 'nav-resident', 'nav-import', 'nav-burden']) {
      await page.click(`[data-testid=${screen}]`);
      await page.waitForLoadState('networkidle');
      expect(await unlabelled(), screen).toEqual([]);
      expect(await overflow(), screen).toBeLessThanOrEqual(0);
      await shot(page, `narrow-${screen}`);
    }
    expect(problems).toEqual([]);
  });

  it('reaches the navigation by Tab and opens a screen with Enter', async () => {
    await page.click('[data-testid=nav-report]');
    await page.evaluate('document.activeElement?.blur()');
    const reached: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const id = await focused();
      if (id) reached.push(id);
      if (id === 'nav-burden') break;
    }
    expect(reached).toContain('nav-resident');
    expect(reached.at(-1)).toBe('nav-burden');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getAttribute('[data-testid=nav-burden]', 'class')).toContain('on');
    expect(problems).toEqual([]);
  });
});
