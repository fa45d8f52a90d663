import { describe, expect, it } from 'vitest';
import { type Cell, suppress } from '../../src/modules/report/suppress.js';

const cell = (a: string | null, b: string | null, n: number): Cell => ({ keys: [a, b], totals: [a === null, b === null], n, suppressed: false });

describe('complementary suppression', () => {
  it('hides a second cell in every line that would hide exactly one', () => {
    // 2 × 3 table with row, column and grand totals; only (x, q) is small.
    const cells = [
      cell('x', 'p', 10), cell('x', 'q', 2), cell('x', 'r', 7), cell('x', null, 19),
      cell('y', 'p', 8), cell('y', 'q', 9), cell('y', 'r', 12), cell('y', null, 29),
      cell(null, 'p', 18), cell(null, 'q', 11), cell(null, 'r', 19), cell(null, null, 48),
    ];
    const hidden = suppress(cells, 2, 5, true);
    const at = (a: string | null, b: string | null) => cells.find((c) => c.keys[0] === a && c.keys[1] === b)!.suppressed;
    expect(at('x', 'q')).toBe(true);
    expect(at('y', 'q')).toBe(true); // column q would otherwise hide one
    expect(at('x', 'r')).toBe(true); // row x would otherwise hide one: its smallest visible cell
    // The greedy pass may hide more than the minimum (here 6 of 6 inner cells), never the totals.
    expect(hidden).toBeGreaterThanOrEqual(4);
    expect(cells.filter((c) => c.totals.some(Boolean)).every((c) => !c.suppressed)).toBe(true);
    // Subtraction recovers nothing: each line hides none or at least two of its members.
    for (const dim of [0, 1]) {
      const lines = new Map<string, Cell[]>();
      for (const c of cells) {
        const key = `${c.totals[1 - dim]}|${c.keys[1 - dim]}`;
        lines.set(key, [...(lines.get(key) ?? []), c]);
      }
      for (const line of lines.values()) expect(line.filter((c) => c.suppressed).length).not.toBe(1);
    }
  });

  it('hides the total when a line has a single detail cell', () => {
    const cells = [cell('x', null, 3), cell(null, null, 3)];
    cells[0]!.totals = [false, false];
    cells[1]!.totals = [true, false];
    cells[0]!.keys = ['x', 'p']; cells[1]!.keys = [null, 'p'];
    expect(suppress(cells, 2, 5, true)).toBe(2);
  });

  it('leaves reports without totals to primary suppression', () => {
    const cells = [cell('x', 'p', 3), cell('x', 'q', 30)].map((c) => ({ ...c, totals: [false, false] }));
    expect(suppress(cells, 2, 5, false)).toBe(1);
  });
});
