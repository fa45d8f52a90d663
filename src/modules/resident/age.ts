/** Today's date at UTC midnight: ages and age filters count whole days. */
export function today(now: Date = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** Age in whole years on `on` (a birthday counts from its day; 29 Feb birthdays from 1 Mar). */
export function ageOn(birthDate: Date, on: Date): number {
  let age = on.getUTCFullYear() - birthDate.getUTCFullYear();
  const beforeBirthday =
    on.getUTCMonth() < birthDate.getUTCMonth() ||
    (on.getUTCMonth() === birthDate.getUTCMonth() && on.getUTCDate() < birthDate.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

/** The date `years` years before `on` (29 Feb falls back to 28 Feb). */
function yearsBefore(on: Date, years: number): Date {
  const date = new Date(Date.UTC(on.getUTCFullYear() - years, on.getUTCMonth(), on.getUTCDate()));
  if (date.getUTCMonth() !== on.getUTCMonth()) date.setUTCDate(0);
  return date;
}

/**
 * Birth-date bounds for an inclusive age range on `on`:
 * aged at least `min` ⇔ born on or before `latest`; aged at most `max` ⇔ born after `earliestExclusive`.
 */
export function birthDateRange(on: Date, min?: number | null, max?: number | null) {
  return {
    lte: min == null ? undefined : yearsBefore(on, min),
    gt: max == null ? undefined : yearsBefore(on, max + 1),
  };
}
