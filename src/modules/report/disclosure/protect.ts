import type { ReportRowValue } from '../types.js';
import { noiseOf } from './perturbation.js';
import type { DisclosureSettings } from './settings.js';

/**
 * Disclosure control of one report's cells, on the statement's rows (columns of statement.ts):
 * 1. every count gets the noise of its cell key (perturbation.ts): counts are released perturbed,
 *    totals as cells of their own;
 * 2. a cell whose perturbed size n is below k is withheld, and a withheld row is not emitted at
 *    all, so which rows are missing tells nothing a missing (empty) row would not;
 * 3. a cell that holds at least the dominance share of a line over an attribute of people (a
 *    tag, an age band, a service kind …) is withheld too, and so is a cell of a report narrowed by
 *    a sensitive tag that holds that share of the same cell without the narrowing: "all six
 *    subsidy recipients here are KEY_CARE" names an attribute of each of them;
 * 4. another count of a released cell (households of its residents, say) that is perturbed below
 *    k is null; averages are released only in released cells.
 * Total rows the caller did not ask for (the statement computes them for rule 3) are dropped.
 */
export interface ProtectionSpec {
  dimensions: number;
  /** Per measure: a count (perturbed, read with its cell key q<i>) or a mean (released as is). */
  measures: Array<'count' | 'mean'>;
  /** Per dimension: whether its values are attributes of people, so its lines get the dominance rule. */
  attributes: boolean[];
  /** Whether the caller asked for total rows. */
  totals: boolean;
}

type RawRow = Record<string, unknown>;
interface Cell {
  row: RawRow;
  keys: unknown[];
  totals: boolean[];
  n: number;
  released: boolean;
}

const lineKey = (cell: Cell, over: number) =>
  JSON.stringify(cell.keys.map((k, i) => (i === over ? null : cell.totals[i] ? '*' : k)));

/** A count with its noise; 0 stays 0 (no contributor, nothing to hide). */
function perturbed(settings: DisclosureSettings, count: number, key: unknown): number {
  if (count <= 0) return 0;
  // A count without its cell key would get the table's last noise, not its own: never release it.
  if (typeof key !== 'number' || !Number.isInteger(key))
    throw new Error('a protected count has no cell key');
  return Math.max(0, count + noiseOf(settings.table, count, key));
}

function applyDominance(cells: Cell[], spec: ProtectionSpec, share: number): void {
  for (let over = 0; over < spec.dimensions; over++) {
    if (!spec.attributes[over]) continue;
    const totals = new Map<string, Cell>();
    for (const cell of cells) if (cell.totals[over]) totals.set(lineKey(cell, over), cell);
    for (const cell of cells) {
      if (cell.totals[over] || !cell.released) continue;
      const total = totals.get(lineKey(cell, over));
      // On the true counts: a share of the perturbed ones would hide a 100% cell behind noise.
      if (total && total.n > 0 && cell.n >= share * total.n) cell.released = false;
    }
  }
}

/** Withholds the cells that are (nearly) all of the same cell without the sensitive tag's narrowing. */
function applyNarrowing(
  cells: Cell[],
  population: RawRow[],
  spec: ProtectionSpec,
  share: number,
): void {
  const dims = Array.from({ length: spec.dimensions }, (_, i) => i);
  const cellKey = (keys: unknown[], totals: boolean[]) =>
    JSON.stringify(dims.map((i) => (totals[i] ? '*' : keys[i])));
  const whole = new Map(
    population.map((row) => [
      cellKey(
        dims.map((i) => row[`k${i}`]),
        dims.map((i) => row[`g${i}`] === 1),
      ),
      Number(row.n),
    ]),
  );
  for (const cell of cells) {
    const n = whole.get(cellKey(cell.keys, cell.totals));
    if (cell.released && n !== undefined && cell.n >= share * n) cell.released = false;
  }
}

/**
 * The released rows of a protected report, and how many of them have a measure withheld.
 * `population`: the rows of the same report without its sensitive tags, when it has some.
 */
export function protect(
  rows: RawRow[],
  spec: ProtectionSpec,
  settings: DisclosureSettings,
  population: RawRow[] | null = null,
): { rows: ReportRowValue[]; withheldMeasures: number } {
  const dims = Array.from({ length: spec.dimensions }, (_, i) => i);
  const cells: Cell[] = rows.map((row) => {
    const n = Number(row.n);
    return {
      row,
      keys: dims.map((i) => row[`k${i}`]),
      totals: dims.map((i) => row[`g${i}`] === 1),
      n,
      released: perturbed(settings, n, row.nk) >= settings.k,
    };
  });
  applyDominance(cells, spec, settings.dominance);
  if (population) applyNarrowing(cells, population, spec, settings.dominance);
  const released: ReportRowValue[] = [];
  let withheldMeasures = 0;
  for (const cell of cells) {
    if (!cell.released || (!spec.totals && cell.totals.some(Boolean))) continue;
    const measures = spec.measures.map((kind, i) => {
      const value = cell.row[`m${i}`];
      if (kind === 'mean' || value === null) return value;
      const count = perturbed(settings, Number(value), cell.row[`q${i}`]);
      return count > 0 && count < settings.k ? null : count;
    });
    const withheld = measures.some((v, i) => v === null && cell.row[`m${i}`] !== null);
    if (withheld) withheldMeasures++;
    released.push({
      values: [...dims.map((i) => (cell.totals[i] ? null : cell.row[`d${i}`])), ...measures],
      totals: cell.totals,
      suppressed: withheld,
    });
  }
  return { rows: released, withheldMeasures };
}
