import { describe, expect, it } from 'vitest';
import {
  checked,
  defaultTable,
  noiseOf,
  type PerturbationTable,
} from '../../src/modules/report/disclosure/perturbation.js';
import { protect } from '../../src/modules/report/disclosure/protect.js';
import { disclosureSettings } from '../../src/modules/report/disclosure/settings.js';

const KEYS = 2 ** 20;
const table = defaultTable(3, 2);

/** The noise distribution a row really gives over every one of the 2^20 cell keys. */
function realised(t: PerturbationTable, count: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (let key = 0; key < KEYS; key++) {
    const d = noiseOf(t, count, key);
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  return new Map([...counts].map(([d, c]) => [d, c / KEYS]));
}

describe('the perturbation table (cell-key method)', () => {
  it('has the documented default probabilities: noise −3…3 weighted exp(−d²/4), cut at ±count', () => {
    const p = (count: number) => table.rows[count - 1]!.noise.map((x) => Number(x.p.toFixed(4)));
    expect(p(1)).toEqual([0.3045, 0.391, 0.3045]);
    expect(p(3)).toEqual([0.0301, 0.105, 0.2223, 0.2854, 0.2223, 0.105, 0.0301]);
    expect(table.maxNoise).toBe(3);
    expect(table.variance).toBeCloseTo(1.826, 3);
  });

  it('is unbiased and never makes a count negative, over every cell key, for every count', () => {
    for (const count of [1, 2, 3, 4, 10, 1000]) {
      const dist = realised(table, count);
      const mean = [...dist].reduce((s, [d, p]) => s + d * p, 0);
      expect(Math.abs(mean), `count ${count}`).toBeLessThan(1e-5);
      expect(Math.min(...dist.keys()) + count).toBeGreaterThanOrEqual(0);
    }
  });

  it('gives the same noise to the same cell key and count, always (the key is the only input)', () => {
    for (let key = 0; key < KEYS; key += 9973)
      expect(noiseOf(defaultTable(3, 2), 7, key)).toBe(noiseOf(table, 7, key));
    expect([
      noiseOf(table, 10, 0),
      noiseOf(table, 10, 2 ** 19),
      noiseOf(table, 10, KEYS - 1),
    ]).toEqual([-3, 0, 3]);
  });

  it('bounds what one differencing pair tells: the odds move by at most ×3 with probability ≥ 96%, certainty ≤ 0.1%', () => {
    // Reports A and B differ by one person; their cells get independent noise. The attacker sees
    // r = t + (dB − dA) and asks whether t is 1 (the person has the attribute) or 0.
    const p = table.rows[2]!.noise;
    const q = new Map<number, number>();
    for (const a of p) for (const b of p) q.set(b.d - a.d, (q.get(b.d - a.d) ?? 0) + a.p * b.p);
    let certain = 0;
    let above3 = 0;
    for (const [delta, prob] of q) {
      const r = 1 + delta; // what the attacker sees when t = 1
      const ifZero = q.get(r) ?? 0;
      const ratio = ifZero === 0 ? Infinity : prob / ifZero;
      if (ratio === Infinity) certain += prob;
      if (ratio > 3) above3 += prob;
    }
    expect(certain).toBeLessThan(0.001);
    expect(above3).toBeLessThan(0.04);
  });

  it('refuses a table that is biased, makes counts negative, or does not sum to 1', () => {
    expect(() =>
      checked([
        {
          count: 1,
          noise: [
            { d: 0, p: 0.5 },
            { d: 1, p: 0.5 },
          ],
        },
      ]),
    ).toThrow(/mean noise/);
    expect(() =>
      checked([
        {
          count: 1,
          noise: [
            { d: -2, p: 0.25 },
            { d: 0, p: 0.25 },
            { d: 2, p: 0.5 },
          ],
        },
      ]),
    ).toThrow(/negative|mean/);
    expect(() =>
      checked([
        {
          count: 1,
          noise: [
            { d: -1, p: 0.2 },
            { d: 1, p: 0.2 },
          ],
        },
      ]),
    ).toThrow(/sum/);
    expect(() => checked([{ count: 2, noise: [{ d: 0, p: 1 }] }])).toThrow(/in order/);
    expect(() => disclosureSettings({ ONETABLE_DOMINANCE: '1.5' })).toThrow(/ONETABLE_DOMINANCE/);
  });
});

describe('protect: withholding, dominance and totals', () => {
  const settings = { k: 5, table, dominance: 1 };
  const row = (k0: string | null, k1: string | null, n: number, nk: number) => ({
    d0: k0,
    d1: k1,
    g0: k0 === null ? 1 : 0,
    g1: k1 === null ? 1 : 0,
    k0,
    k1,
    m0: n,
    q0: nk,
    n,
    nk,
  });
  const spec = {
    dimensions: 2,
    measures: ['count' as const],
    attributes: [false, true],
    totals: true,
  };

  it('perturbs counts by their cell key, drops cells below k and withholds a cell that is the whole of its line', () => {
    const rows = [
      row('A', 'x', 10, 0),
      row('A', 'y', 10, KEYS - 1),
      row('A', null, 20, 2 ** 19),
      row('B', 'x', 2, KEYS - 1),
      row('B', null, 2, KEYS - 1),
      row('C', 'x', 8, 2 ** 19),
      row('C', null, 8, 2 ** 19),
      row(null, 'x', 20, 2 ** 19),
      row(null, 'y', 10, KEYS - 1),
      row(null, null, 30, 2 ** 19),
    ];
    const out = protect(rows, spec, settings);
    expect(out.rows.map((r) => r.values)).toEqual([
      ['A', 'x', 7],
      ['A', 'y', 13],
      ['A', null, 20],
      // B: 2 people (at most 2 + 2 = 4 after noise): withheld, with its total.
      // C × x is all of C's line over the attribute: withheld; C's total stays.
      ['C', null, 8],
      [null, 'x', 20],
      [null, 'y', 13],
      [null, null, 30],
    ]);
    expect(protect(rows, { ...spec, totals: false }, settings).rows.map((r) => r.values)).toEqual([
      ['A', 'x', 7],
      ['A', 'y', 13],
    ]);
  });
});
