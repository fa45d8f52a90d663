/**
 * npm run bench:web — how heavy the browser app is and how long it takes to show its first screen:
 * the bundle's sizes on disk (and gzipped, for a proxy that compresses), then Debian's Chromium
 * loading `/` from a hub started here (PGlite, a small demo district) with an empty cache,
 * several times: bytes transferred, DOMContentLoaded, first contentful paint, and the sign-in
 * list rendered by React (the app's first useful screen). Prints medians.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const runs = Number(process.env.RUNS ?? 7);
const port = Number(process.env.PORT ?? 4470);
const base = `http://127.0.0.1:${port}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

function bundleSizes(): void {
  const dir = path.resolve('dist/web');
  for (const file of readdirSync(dir).filter((f) => /^app\.(js|css|html)$/.test(f))) {
    const bytes = readFileSync(path.join(dir, file));
    console.log(
      `${file}: ${kb(statSync(path.join(dir, file)).size)} (gzip ${kb(gzipSync(bytes).length)})`,
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
    const results: Array<{ bytes: number; dcl: number; fcp: number; ready: number }> = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext(); // a fresh context: nothing cached
      const page = await context.newPage();
      await page.goto(`${base}/`);
      await page.waitForSelector('[data-testid=demo-section] option', { state: 'attached' });
      results.push(
        await page.evaluate<{ bytes: number; dcl: number; fcp: number; ready: number }>(`(() => {
          const nav = performance.getEntriesByType('navigation')[0];
          const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
          const resources = performance.getEntriesByType('resource');
          const bytes = nav.transferSize + resources.reduce((s, r) => s + r.transferSize, 0);
          return { bytes, dcl: nav.domContentLoadedEventEnd, fcp, ready: performance.now() };
        })()`),
      );
      await context.close();
    }
    console.log(`${runs} cold loads of / in Chromium (medians):`);
    console.log(`  transferred ${kb(median(results.map((r) => r.bytes)))}`);
    console.log(`  DOMContentLoaded ${median(results.map((r) => r.dcl)).toFixed(0)} ms`);
    console.log(`  first contentful paint ${median(results.map((r) => r.fcp)).toFixed(0)} ms`);
    console.log(`  sign-in screen rendered ${median(results.map((r) => r.ready)).toFixed(0)} ms`);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
