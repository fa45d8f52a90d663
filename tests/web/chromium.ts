import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it when missing). */
export const executablePath = '/usr/bin/chromium';
export const haveChromium = existsSync(executablePath);
if (!haveChromium)
  console.warn(
    `browser tests skipped: no Chromium at ${executablePath} (apt-get install -y chromium)`,
  );

/** ONETABLE_SCREENSHOTS=<folder>: keep a screenshot of each step there (to look at the pages). */
const shots = process.env.ONETABLE_SCREENSHOTS;
export const shot = (page: Page, name: string) =>
  shots ? page.screenshot({ path: `${shots}/${name}.png`, fullPage: true }) : Promise.resolve();

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** A page that records script errors and any request leaving the hub's origin into `problems`. */
export async function openPage(browser: Browser, base: string, problems: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(base) && !url.startsWith('data:') && !url.startsWith('blob:'))
      problems.push(`request elsewhere: ${url}`);
  });
  return page;
}

/** Signs in as a demo section through the sign-in page (signing out first when signed in). */
export async function signInAs(page: Page, base: string, section: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.waitForSelector('[data-testid=demo-section], [data-testid=signout]');
  if (await page.locator('[data-testid=signout]').count()) {
    await page.click('[data-testid=signout]');
  }
  await page.waitForSelector('[data-testid=demo-section] option', { state: 'attached' });
  await page.selectOption('[data-testid=demo-section]', section);
  await page.click('[data-testid=demo-signin]');
  await expect.poll(() => page.textContent('[data-testid=who]')).toContain(section);
}

/**
 * axe-core (Deque's accessibility engine, a devDependency), from node_modules, no CDN. Evaluated
 * through the DevTools protocol: the pages' Content-Security-Policy refuses inline script tags
 * (page.addScriptTag), and the test must not loosen it.
 */
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeSource: string | undefined;

/** A rule's failure as axe reports it: the element (CSS selector) and why, e.g. the ratio found. */
export interface AxeFailure {
  rule: string;
  target: string;
  summary: string;
}

/**
 * Runs axe's WCAG AA colour-contrast rule (text against its background, 4.5:1, or 3:1 for large
 * text) on the page as it is and returns the failures; [] when every text passes.
 */
export async function contrastFailures(page: Page): Promise<AxeFailure[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"')))
    await page.evaluate(`${(axeSource ??= await readFile(axePath, 'utf8'))}\n;true`);
  return page.evaluate<AxeFailure[]>(`(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'rule', values: ['color-contrast'] },
      resultTypes: ['violations'],
    });
    return result.violations.flatMap((v) => v.nodes.map((n) => ({
      rule: v.id, target: n.target.join(' '), summary: n.failureSummary ?? '',
    })));
  })()`);
}
