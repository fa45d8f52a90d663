import { groupBy } from './dataset-rows.js';

/**
 * Disclosure control recomputed in the test from the rows and their cell keys, independently of
 * src/modules/report/disclosure/: the default settings (k 5, noise −3…3 weighted like a normal
 * curve of variance 2, cut at ±count, dominance 1) written out here again.
 */
export const K = 5;
export const MAX_NOISE = 3;
const VARIANCE = 2;
const MODULUS = 2 ** 20;

/** One contributor: an id (distinct counting) and its record key. */
export interface Unit {
  id: number;
  key: number;
}

/** The noise the default table gives a cell of `count` contributors whose keys sum to `sum`. */
export function noiseFor(count: number, sum: number): number {
  const reach = Math.min(count, MAX_NOISE);
  const values: number[] = [];
  for (let d = -reach; d <= reach; d++) values.push(d);
  const weights = values.map((d) => Math.exp((-d * d) / (2 * VARIANCE)));
  const total = weights.reduce((a, b) => a + b, 0);
  const u = ((sum % MODULUS) + 0.5) / MODULUS;
  let cumulative = 0;
  for (const [i, d] of values.entries()) {
    cumulative += weights[i]! / total;
    if (u < cumulative - 1e-9) return d;
  }
  return values[values.length - 1]!;
}

/** The released value of a count over distinct units (0 stays 0). */
export function releasedCount(units: Unit[]): number {
  const byId = new Map(units.map((u) => [u.id, u.key]));
  if (byId.size === 0) return 0;
  const sum = [...byId.values()].reduce((a, b) => a + b, 0);
  return Math.max(0, byId.size + noiseFor(byId.size, sum));
}

export interface Spec<T> {
  /** Per dimension: the value a row shows. */
  dims: Array<(row: T) => string>;
  /** Per dimension: whether it is an attribute of people (dominance lines). */
  attributes: boolean[];
  /** The contributors the cell's size n counts. */
  size: (rows: T[]) => Unit[];
  /** Per measure: its contributors (a count) or its value (a mean). */
  measures: Array<{ count: (rows: T[]) => Unit[] } | { mean: (rows: T[]) => number }>;
  totals: boolean;
}

/** Expected rows of a protected report, by `values` joined with `|` (a total's dimension is `*`). */
export function expectedProtected<T>(rows: T[], spec: Spec<T>): Map<string, unknown[]> {
  const d = spec.dims.length;
  interface Cell {
    key: (string | null)[];
    rows: T[];
    n: number;
    released: boolean;
  }
  const cells: Cell[] = [];
  for (let mask = 0; mask < 2 ** d; mask++) {
    const totalled = (i: number) => (mask & (1 << i)) !== 0;
    for (const group of groupBy(rows, (r) =>
      JSON.stringify(spec.dims.map((f, i) => (totalled(i) ? null : f(r)))),
    ).values()) {
      const key = spec.dims.map((f, i) => (totalled(i) ? null : f(group[0]!)));
      const units = spec.size(group);
      const n = new Set(units.map((u) => u.id)).size;
      cells.push({ key, rows: group, n, released: releasedCount(units) >= K });
    }
  }
  const lineOf = (c: Cell, over: number) =>
    JSON.stringify(c.key.map((k, i) => (i === over ? '#' : k)));
  for (let over = 0; over < d; over++) {
    if (!spec.attributes[over]) continue;
    const totals = new Map(
      cells.filter((c) => c.key[over] === null).map((c) => [lineOf(c, over), c]),
    );
    for (const c of cells) {
      const total = c.key[over] === null ? undefined : totals.get(lineOf(c, over));
      if (c.released && total && c.n >= total.n) c.released = false;
    }
  }
  const out = new Map<string, unknown[]>();
  for (const c of cells) {
    if (!c.released || (!spec.totals && c.key.includes(null))) continue;
    const values = spec.measures.map((m) => {
      if ('mean' in m) return m.mean(c.rows);
      const v = releasedCount(m.count(c.rows));
      return v > 0 && v < K ? null : v;
    });
    out.set(c.key.map((k) => k ?? '*').join('|'), values);
  }
  return out;
}

/** Report rows by `values` joined with `|` (`*` for a totalled dimension), as expectedProtected keys them. */
export function releasedRows(
  rows: Array<{ values: unknown[]; totals: boolean[] }>,
  d: number,
): Map<string, unknown[]> {
  return new Map(
    rows.map((r) => [
      r.values
        .slice(0, d)
        .map((v, i) => (r.totals[i] ? '*' : String(v)))
        .join('|'),
      r.values.slice(d),
    ]),
  );
}
