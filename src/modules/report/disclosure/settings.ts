import { intFromEnv } from '../../../config.js';
import { defaultTable, type PerturbationTable, tableFromFile } from './perturbation.js';

/**
 * Disclosure control settings, from the environment (README, Reports: disclosure control):
 * - `ONETABLE_SUPPRESSION_K` (default 5): no released count lies between 1 and k − 1;
 * - `ONETABLE_PERTURBATION_MAX_NOISE` (default 3) and `ONETABLE_PERTURBATION_VARIANCE` (default 2):
 *   the default perturbation table; or `ONETABLE_PERTURBATION_TABLE`, a JSON file of one's own;
 * - `ONETABLE_DOMINANCE` (default 1): a cell holding at least this share of its line (the cells
 *   that differ from it only in one attribute of people, and their total) is withheld: with 1, a
 *   cell that is the whole of its line ("every subsidy recipient here is KEY_CARE").
 */
export interface DisclosureSettings {
  k: number;
  table: PerturbationTable;
  dominance: number;
}

let cached: { signature: string; settings: DisclosureSettings } | undefined;

const names = [
  'ONETABLE_SUPPRESSION_K',
  'ONETABLE_PERTURBATION_MAX_NOISE',
  'ONETABLE_PERTURBATION_VARIANCE',
  'ONETABLE_PERTURBATION_TABLE',
  'ONETABLE_DOMINANCE',
];

function share(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0 && value <= 1))
    throw new Error(`${name} must be a share above 0 and at most 1, got "${raw}"`);
  return value;
}

function positive(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0 && Number.isFinite(value)))
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

/** The settings now in force (read again when the environment changes, as tests do). */
export function disclosureSettings(env: NodeJS.ProcessEnv = process.env): DisclosureSettings {
  const signature = names.map((n) => env[n] ?? '').join('\u0000');
  if (cached?.signature === signature) return cached.settings;
  const k = Math.max(1, intFromEnv('ONETABLE_SUPPRESSION_K', 5, env));
  const file = env.ONETABLE_PERTURBATION_TABLE?.trim();
  const table = file
    ? tableFromFile(file)
    : defaultTable(
        Math.max(1, intFromEnv('ONETABLE_PERTURBATION_MAX_NOISE', 3, env)),
        positive('ONETABLE_PERTURBATION_VARIANCE', 2, env),
      );
  const settings = { k, table, dominance: share('ONETABLE_DOMINANCE', 1, env) };
  cached = { signature, settings };
  return settings;
}
