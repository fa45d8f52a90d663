import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Hub } from '../../src/db/open.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario, sections } from '../support/scenario.js';

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

/** Opens the sign-in page and waits for its demo sections. */
export async function showSignIn(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.waitForSelector('[data-testid=demo-section] option', { state: 'attached' });
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

/** The scenario, with the committee's grant on Resident.status withheld: the builder greys STATUS and says why. */
export async function scenarioWithoutStatusGrant(hub: Hub): Promise<void> {
  await insertScenario(hub.prisma);
  await hub.prisma.fieldGrant.deleteMany({
    where: { section: { code: sections.c1 }, typeName: 'Resident', fieldName: 'status' },
  });
}

/** The browser app on a test hub, in one Chromium page (its `problems`: see openPage). */
export interface AppInChromium {
  readonly t: TestHub;
  /** The hub's origin, without /graphql. */
  readonly base: string;
  readonly page: Page;
  readonly problems: string[];
}

/**
 * Starts a PGlite hub filled by `fill` (with server options), launches Chromium and opens a page
 * on it before the enclosing describe's tests; closes both after them. Read it in tests only.
 */
export function appInChromium(
  fill: (hub: Hub) => Promise<void>,
  server: Parameters<typeof startTestHub>[3] = {},
): AppInChromium {
  let t: TestHub | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const problems: string[] = [];
  beforeAll(async () => {
    t = await startTestHub('pglite', fill, undefined, server);
    browser = await launch();
    page = await openPage(browser, base(t), problems);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  const base = (hub: TestHub) => hub.url.replace(/\/graphql$/, '');
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('appInChromium: started in beforeAll; read it in a test');
    return value;
  };
  return {
    get t() {
      return ready(t);
    },
    get base() {
      return base(ready(t));
    },
    get page() {
      return ready(page);
    },
    problems,
  };
}

/** Saves the built report as `name` and opens its share panel; answers the saved report's entry. */
export async function saveAndOpenShare(page: Page, name: string): Promise<Locator> {
  await page.fill('[placeholder=报表名称]', name);
  await page.click('text=保存');
  const item = page.locator('ul.saved li', { hasText: name });
  await item.locator('[data-testid=saved-share]').click();
  await page.waitForSelector(`[data-testid="share-${sections.c2}"]`);
  return item;
}

/** Opens the import screen and dry-runs a CSV ledger (`name`: the file's name). */
export async function dryRunLedger(page: Page, name: string, csv: string): Promise<void> {
  await page.click('[data-testid=nav-import]');
  await page.setInputFiles('[data-testid=import-file]', {
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await page.click('[data-testid=import-dry-run]');
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
