import { readFileSync } from 'node:fs';
import { cellKeyModulus } from '../sql.js';

/**
 * The perturbation table of the cell-key method (as the ABS TableBuilder and the 2021 census of
 * England and Wales use it). Row c gives, for a cell whose true count is c, the probability of
 * each noise value d; the cell key, uniform in [0, 1), picks d by inverse cumulative probability.
 * The same contributors make the same cell key and so the same noise; one contributor more or less
 * makes an independent key. Counts beyond the last row use the last row.
 *
 * Every row has mean 0 (the released count is unbiased) and never makes a count negative.
 */
export interface PerturbationRow {
  count: number;
  noise: Array<{ d: number; p: number }>;
}
export interface PerturbationTable {
  rows: PerturbationRow[];
  maxNoise: number;
  variance: number;
}

const tolerance = 1e-9;

/**
 * The default table: noise −D…D weighted like a normal curve of variance V, cut at ±min(c, D) for
 * a count c, so it is symmetric (mean 0) and c + d ≥ 0. Small counts get less noise than V; they
 * are withheld anyway unless perturbed up to k or beyond.
 */
export function defaultTable(maxNoise: number, variance: number): PerturbationTable {
  const rows: PerturbationRow[] = [];
  for (let count = 1; count <= maxNoise; count++) {
    const reach = Math.min(count, maxNoise);
    const weights = Array.from({ length: 2 * reach + 1 }, (_, i) => ({
      d: i - reach,
      w: Math.exp(-((i - reach) ** 2) / (2 * variance)),
    }));
    const total = weights.reduce((s, x) => s + x.w, 0);
    rows.push({ count, noise: weights.map(({ d, w }) => ({ d, p: w / total })) });
  }
  return checked(rows);
}

/** Checks a table (every row sums to 1, has mean 0, keeps counts ≥ 0; rows 1, 2, 3 … in order). */
export function checked(rows: PerturbationRow[]): PerturbationTable {
  if (rows.length === 0) throw new Error('the perturbation table has no row');
  let maxNoise = 0;
  let variance = 0;
  rows.forEach((row, i) => {
    const where = `perturbation table row ${i + 1}`;
    if (row.count !== i + 1) throw new Error(`${where}: counts must be 1, 2, 3 … in order`);
    const sum = row.noise.reduce((s, x) => s + x.p, 0);
    const mean = row.noise.reduce((s, x) => s + x.d * x.p, 0);
    if (row.noise.some((x) => !Number.isInteger(x.d) || !(x.p >= 0)))
      throw new Error(`${where}: noise must be whole numbers with probabilities ≥ 0`);
    if (Math.abs(sum - 1) > 1e-6) throw new Error(`${where}: probabilities sum to ${sum}, not 1`);
    if (Math.abs(mean) > 1e-6)
      throw new Error(`${where}: mean noise is ${mean}, not 0 (released counts must be unbiased)`);
    if (row.noise.some((x) => x.p > 0 && row.count + x.d < 0))
      throw new Error(`${where}: noise would make the count negative`);
    row.noise.sort((a, b) => a.d - b.d);
    maxNoise = Math.max(maxNoise, ...row.noise.filter((x) => x.p > 0).map((x) => Math.abs(x.d)));
    variance = row.noise.reduce((s, x) => s + x.d * x.d * x.p, 0);
  });
  return { rows, maxNoise, variance };
}

/** A table from a JSON file: `[{ "count": 1, "noise": { "-1": 0.25, "0": 0.5, "1": 0.25 } }, …]`. */
export function tableFromFile(file: string): PerturbationTable {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Array<{
    count: number;
    noise: Record<string, number>;
  }>;
  if (!Array.isArray(parsed)) throw new Error(`${file}: expected a list of rows`);
  return checked(
    parsed.map((row) => ({
      count: row.count,
      noise: Object.entries(row.noise).map(([d, p]) => ({ d: Number(d), p })),
    })),
  );
}

/** The noise of a cell of true count `count` (≥ 1) and cell key `cellKey` in [0, 2^20). */
export function noiseOf(table: PerturbationTable, count: number, cellKey: number): number {
  const row = table.rows[Math.min(count, table.rows.length) - 1]!;
  const u = (cellKey + 0.5) / cellKeyModulus;
  let cumulative = 0;
  for (const { d, p } of row.noise) {
    cumulative += p;
    if (u < cumulative - tolerance) return d;
  }
  // Rounding left u above the last cumulative sum: the largest noise of the row.
  return [...row.noise].reverse().find((x) => x.p > 0)!.d;
}
