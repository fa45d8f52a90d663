import { foldWidth } from './fields.js';

/**
 * Cleaning of cell text as ledgers write it: full-width digits and letters folded, zero-width
 * characters and non-breaking spaces removed, runs of spaces collapsed, ends trimmed, spaces
 * between two Chinese characters (孙 丽) removed.
 */
export function cleanText(text: string): string {
  return foldWidth(text)
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/[\u00A0\s]+/g, ' ')
    .trim()
    .replace(/(?<=[\u3400-\u9FFF]) (?=[\u3400-\u9FFF])/gu, '');
}

/** A number-like cell (ID number, phone): no spaces at all, no leading apostrophe (Excel's text marker). */
export function cleanCode(text: string): string {
  return cleanText(text).replace(/\s/g, '').replace(/^'/, '');
}

const DAY_MS = 86_400_000;
/** Day 0 of Excel's serial dates (1900 system, after its 1900-02-29 bug): 1899-12-30. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

function utcDay(year: number, month: number, day: number): Date | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  )
    return null;
  if (year < 1900 || year > 2100) return null;
  return date;
}

/**
 * A calendar day as ledgers write it, at UTC midnight: 2026-01-05, 2026/1/5, 2026.1.5,
 * 2026年1月5日, 20260105, or an Excel serial number (46027). Null when it is none of these.
 */
export function parseLedgerDate(text: string): Date | null {
  const value = cleanCode(text);
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(value);
  if (m) return utcDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (m) return utcDay(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d{4,5}(\.0+)?$/.test(value)) {
    const serial = Math.floor(Number(value));
    if (serial < 1 || serial > 73050) return null;
    return new Date(EXCEL_EPOCH + serial * DAY_MS);
  }
  return null;
}

/** China Standard Time is UTC+8 all year. */
const SHANGHAI_MS = 8 * 3_600_000;

/**
 * A moment as ledgers write it, in Shanghai time: a day (see parseLedgerDate), optionally with
 * `HH:MM[:SS]` after a space or `T`; an Excel serial with a fraction keeps its time of day.
 */
export function parseLedgerTime(text: string): Date | null {
  const value = cleanText(text);
  const serial = /^(\d{4,5})\.(\d+)$/.exec(value);
  if (serial) {
    const day = parseLedgerDate(serial[1]!);
    const fraction = Number(`0.${serial[2]}`);
    return day && new Date(day.getTime() + Math.round(fraction * 1440) * 60_000 - SHANGHAI_MS);
  }
  const m = /^(.+?)(?:[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?$/.exec(value);
  if (!m) return null;
  const day = parseLedgerDate(m[1]!);
  if (!day) return null;
  const [h, min, s] = [Number(m[2] ?? 0), Number(m[3] ?? 0), Number(m[4] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return null;
  return new Date(day.getTime() + ((h * 60 + min) * 60 + s) * 1000 - SHANGHAI_MS);
}

/** YYYY-MM-DD of a UTC-midnight day. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
