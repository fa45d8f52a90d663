/**
 * Dates in the seeder are plain numbers: a `Day` counts days since 1970-01-01 (UTC) and a
 * timestamp counts milliseconds since the epoch. That keeps generation cheap and exact;
 * values become SQL literals only when rows are written.
 */

import { ageOn as ageOnDate } from '../modules/resident/age.js';

export type Day = number;

export const DAY_MS = 86_400_000;
/** China Standard Time (no daylight saving): local office hours are shifted by this. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/**
 * The default "now" of the demo data: a fixed date so the same seed always gives the same
 * rows, whatever day the seeder runs. Pass `asOf` to `seedDatabase` to move it.
 */
export const DEFAULT_AS_OF = new Date('2026-11-01T00:00:00.000Z');

export function dayOf(date: Date): Day {
  return Math.floor(date.getTime() / DAY_MS);
}

export function dayFromYmd(year: number, month: number, day: number): Day {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function dayToDate(day: Day): Date {
  return new Date(day * DAY_MS);
}

export function yearOfDay(day: Day): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** Completed years of age on `on` for someone born on `birth`. */
export function ageOn(birth: Day, on: Day): number {
  return ageOnDate(new Date(birth * DAY_MS), new Date(on * DAY_MS));
}

/** The day `years` years after `day` (29 February rolls over to 1 March). */
export function addYears(day: Day, years: number): Day {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate()) / DAY_MS;
}

/** `YYYY-MM-DD`, for DATE columns. */
export function formatDay(day: Day): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC, for TIMESTAMP(3) columns (Prisma stores UTC). */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}

/**
 * A timestamp during office hours (08:30–17:30 China time) on `day`, moved off weekends to
 * the next Monday, then returned in UTC milliseconds.
 */
export function officeTime(day: Day, minuteOfShift: number): number {
  const weekday = new Date(day * DAY_MS).getUTCDay();
  const workday = weekday === 6 ? day + 2 : weekday === 0 ? day + 1 : day;
  const localMinutes = 8 * 60 + 30 + Math.max(0, Math.min(9 * 60 - 1, minuteOfShift));
  return workday * DAY_MS + localMinutes * 60_000 - SHANGHAI_OFFSET_MS;
}
