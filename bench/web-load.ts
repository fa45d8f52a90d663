/**
 * npm run bench:web — how heavy the browser app is and how long it takes to show its first screen:
 * the bundle's sizes on disk and as the hub sends them (the brotli and gzip copies made at
 * build), then Debian's Chromium loading `/` from a hub started here (PGlite, a small demo
 * district) with an empty cache, several times: bytes transferred, DOMContentLoaded, first contentful paint, and the sign-in
 * list rendered by React (the app's first useful screen). Prints medians.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser } from 'playwright-core';

const runs = Number(process.env.RUNS ?? 7);
const port = Number(process.env.PORT ?? 4470);
const base = `http://127.0.0.1:${port}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${(n / 1024).toFixed(n < 10_240 ? 1 : 0)} KB`;

/** The app's files as built, and the precompressed copies the hub sends (web/build.mjs). */
function bundleSizes(): void {
  const dir = path.resolve('dist/web');
  const size = (file: string) => (existsSync(file) ? kb(statSync(file).size) : 'none');
  for (const file of readdirSync(dir).filter((f) => /^app\.(js|css|html)$/.test(f))) {
    const at = path.join(dir, file);
    console.log(
      `${file}: ${kb(statSync(at).size)} (brotli ${size(`${at}.br`)}, gzip ${size(`${at}.gz`)})`,
    );
  }
}

async function waitUp(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await sleep(200);
  }
  throw new Error('the hub did not start');
}

type Load = { bytes: number; dcl: number; fcp: number; ready: number };

/** An intranet link to a street office (SLOW_MBITS, default 4 Mbit/s), with 20 ms latency. */
const slowLink = { mbits: Number(process.env.SLOW_MBITS ?? 4), latency: 20 };

/** `runs` loads of `/` in fresh contexts (nothing cached), through the link when one is given. */
async function coldLoads(browser: Browser, title: string, link: typeof slowLink | null) {
  const results: Load[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (link) {
      const bytesPerSecond = (link.mbits * 1_000_000) / 8;
      await (
        await context.newCDPSession(page)
      ).send('Network.emulateNetworkConditions', {
        offline: false,
        latency: link.latency,
        downloadThroughput: bytesPerSecond,
        uploadThroughput: bytesPerSecond,
      });
    }
    await page.goto(`${base}/`);
    await page.waitForSelector('[data-testid=demo-section] option', { state: 'attached' });
    results.push(
      await page.evaluate<Load>(`(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
        const resources = performance.getEntriesByType('resource');
        const bytes = nav.transferSize + resources.reduce((s, r) => s + r.transferSize, 0);
        return { bytes, dcl: nav.domContentLoadedEventEnd, fcp, ready: performance.now() };
      })()`),
    );
    await context.close();
  }
  const ms = (pick: (r: Load) => number) => `${median(results.map(pick)).toFixed(0)} ms`;
  console.log(`${runs} cold loads of / in Chromium ${title} (medians):`);
  console.log(`  transferred ${kb(median(results.map((r) => r.bytes)))}`);
  console.log(`  DOMContentLoaded ${ms((r) => r.dcl)}`);
  console.log(`  first contentful paint ${ms((r) => r.fcp)}`);
  console.log(`  sign-in screen rendered ${ms((r) => r.ready)}`);
}

async function main(): Promise<void> {
  bundleSizes();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'onetable-web-load-'));
  const server = spawn(process.execPath, ['dist/cli/main.js', 'serve'], {
    env: {
      ...process.env,
      ONETABLE_DATA_DIR: dataDir,
      PORT: String(port),
      ONETABLE_DEMO_RESIDENTS: '300',
      LOG_LEVEL: 'warn',
    },
    stdio: 'inherit',
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  try {
    await waitUp();
    // Loopback (no network cost), then a slow intranet link as Chromium emulates it.
    await coldLoads(browser, 'over loopback', null);
    await coldLoads(
      browser,
      `over a ${slowLink.mbits} Mbit/s link, ${slowLink.latency} ms`,
      slowLink,
    );
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
