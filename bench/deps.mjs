#!/usr/bin/env node
// Installs the benchmark's own packages (bench/package.json: PostGraphile, pg-aggregates,
// autocannon) on first use, and again when bench/package-lock.json changes. They are not part
// of OneTable's install: `npm ci` at the root never fetches them.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const bench = import.meta.dirname;
const lock = readFileSync(path.join(bench, 'package-lock.json'));
const stamp = path.join(bench, 'node_modules', '.onetable-lock-sha256');
const wanted = createHash('sha256').update(lock).digest('hex');
let installed = '';
try {
  installed = readFileSync(stamp, 'utf8').trim();
} catch {
  // never installed
}
if (installed !== wanted) {
  process.stderr.write('bench: installing the benchmark packages (bench/package.json)…\n');
  // legacy-peer-deps: PostGraphile's peers (graphql, pg) come from OneTable's own install.
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--legacy-peer-deps'], {
    cwd: bench,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  writeFileSync(stamp, `${wanted}\n`);
}
