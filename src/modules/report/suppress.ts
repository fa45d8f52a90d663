/**
 * Small-cell suppression with complementary suppression for totals.
 *
 * A cell is one row of a report (one combination of dimension values, or a total over some of
 * them); its size is the number of distinct people it counts. Primary suppression hides every
 * cell counting fewer than k people. When totals are shown, every "line" — the detail cells that
 * differ in one dimension only, together with the total over that dimension — must never hide
 * exactly one of its members, or subtraction would recover it. While some line hides exactly one,
 * the smallest still visible detail cell of that line is hidden as well (or, when there is none,
 * its total). Hiding only ever grows, so the loop ends; every line then hides none or at least two.
 */
export interface Cell {
  /** Group key per dimension; ignored where `totals[i]` is true. */
  keys: (string | null)[];
  totals: boolean[];
  n: number;
  suppressed: boolean;
}

function lineKey(cell: Cell, skip: number): string {
  return JSON.stringify(cell.keys.map((k, i) => (i === skip ? null : cell.totals[i] ? '*' : k)));
}

interface Line { details: Cell[]; total?: Cell }

function linesOf(cells: Cell[], dimensions: number): Line[] {
  const lines: Line[] = [];
  for (let i = 0; i < dimensions; i++) {
    const byKey = new Map<string, Line>();
    for (const cell of cells) {
      const key = lineKey(cell, i);
      let line = byKey.get(key);
      if (!line) byKey.set(key, (line = { details: [] }));
      if (cell.totals[i]) line.total = cell;
      else line.details.push(cell);
    }
    lines.push(...[...byKey.values()].filter((l) => l.total !== undefined));
  }
  return lines;
}

/** Marks suppressed cells in place and returns how many there are. */
export function suppress(cells: Cell[], dimensions: number, k: number, withTotals: boolean): number {
  for (const cell of cells) if (cell.n < k) cell.suppressed = true;
  if (withTotals) {
    const lines = linesOf(cells, dimensions);
    let changed = true;
    while (changed) {
      changed = false;
      for (const line of lines) {
        const members = line.total ? [...line.details, line.total] : line.details;
        if (members.filter((c) => c.suppressed).length !== 1) continue;
        const visible = line.details.filter((c) => !c.suppressed).sort((a, b) => a.n - b.n);
        const next = visible[0] ?? line.total;
        if (next && !next.suppressed) {
          next.suppressed = true;
          changed = true;
        }
      }
    }
  }
  return cells.filter((c) => c.suppressed).length;
}
