/**
 * How a MASKED grant shows a value: enough to recognise a record, not enough to identify a person.
 *
 * The masks are chosen together. Everything a section sees of one person under MASKED grants —
 * these masks, `withheld` fields, and the public fields (gender, residence type, move-in date,
 * community, household, record dates) — must leave at least 1,000 ID numbers that pass the
 * GB 11643 check (tests/access/mask-candidates.test.ts enumerates them). An ID number is
 * AAAAAA YYYYMMDD SSS C: area, birth date, sequence (odd for men), check character.
 * - The area is known (the mask shows it; the community would suggest it anyway), and the public
 *   gender gives the parity of SSS: 500 sequences remain. C follows from the first 17 characters,
 *   so every (birth date, sequence) is exactly one valid number: 500 candidates per possible day.
 * - Keeping C would divide by 11, keeping SSS by 500: the former mask (area, SSS and C) with the
 *   birth year left 365 days × 1 sequence ÷ 11 ≈ 33 candidates. So the ID keeps its area only.
 * - Any partial birth date (the year, the age's decade) is a fixed partition of dates; with another
 *   date-derived value crossing it, it shrinks to a sliver. Born in 1936 and "in their eighties"
 *   on 30 December 2026 means born on 31 December 1936; born in 2016 and moved in (public) on
 *   1 January 2016 means born that day: 1 day × 500 = 500 < 1,000. So MASKED shows no part of the
 *   birth date: birth date and age are withheld (src/modules/resident/type.ts).
 * What remains bounds a birth date by 1 January 1900 (GB 11643) and the move-in date (or the
 * record's creation, if earlier): 500 × the days in between, ≥ 1,000 for anyone who moved in after
 * 1 January 1900. Name, phone, ethnicity, address, free text (and the withheld status, household
 * composition, service kinds, tags) carry no character of the ID number.
 * Not covered: a FULL grant on birthDate or age beside a MASKED ID number (area, birth date and
 * gender leave 500 sequences); such a section should hold both or neither (README, Field grants).
 */

/** 张*明, 欧阳**锋, 李*: first and last character stay. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 310106************: the area code (the first six characters) only; see above why not more. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 6)}${'*'.repeat(Math.max(0, id.length - 6))}`;
}

/** 138****5678 for mobiles; landlines keep their last four digits. */
export function maskPhone(phone: string): string {
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, phone.length - 4))}${phone.slice(-4)}`;
}

/** Majority or minority only: 汉族 stays, every other ethnicity reads 少数民族. */
export function maskEthnicity(ethnicity: string): string {
  return ethnicity === '汉族' ? ethnicity : '少数民族';
}

/** The road and lane (or village group) only: 华山路100弄2号302室 → 华山路100弄***. */
export function maskAddress(address: string): string {
  const cut = address.search(/[弄组]/);
  return cut >= 0 ? `${address.slice(0, cut + 1)}***` : '***';
}

/** Free text is withheld entirely: its length would say too much. */
export function maskText(_text: string): string {
  return '***';
}
