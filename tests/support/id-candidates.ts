/**
 * An attacker's count: how many ID numbers (GB 11643) agree with what one view shows of a person.
 * Written independently of src/ (its own check character), so it can judge the masks.
 */

/** What a view shows of one person; a field the view withholds is null. */
export interface PersonView {
  /** The ID number as shown: `*` for a hidden character. */
  idNumber: string | null;
  /** YYYY-MM-DD, YYYY-MM or YYYY as shown. */
  birthDate: string | null;
  /** An age; a multiple of 10 is taken as a decade (80 = 80–89), the masked form's meaning. */
  age: number | null;
  gender: 'MALE' | 'FEMALE';
  /** Public: nobody is registered at an address before being born. */
  moveInDate: string;
  /** Public: when the record was created (ISO), another upper bound of the birth date. */
  createdAt: string;
}

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChars = '10X98765432';
const dayMs = 86_400_000;

function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]!;
  return checkChars[sum % 11]!;
}

function ageOn(birth: Date, on: Date): number {
  const before =
    on.getUTCMonth() < birth.getUTCMonth() ||
    (on.getUTCMonth() === birth.getUTCMonth() && on.getUTCDate() < birth.getUTCDate());
  return on.getUTCFullYear() - birth.getUTCFullYear() - (before ? 1 : 0);
}

const fits = (shown: string | null, actual: string, from: number) =>
  shown === null || [...actual].every((c, i) => shown[from + i] === '*' || shown[from + i] === c);

/** The latest birth date the view allows: today, the move-in date, the record's creation. */
const latestBirth = (view: PersonView, today: Date) =>
  Math.min(
    today.getTime(),
    Date.parse(`${view.moveInDate}T00:00:00Z`),
    Date.parse(`${view.createdAt.slice(0, 10)}T00:00:00Z`),
  );

/** Whether a birth date agrees with the view (its date fields, and the ID's characters 7–14). */
function birthAgrees(view: PersonView, birth: Date, today: Date): boolean {
  const ymd = birth.toISOString().slice(0, 10);
  if (birth.getTime() < Date.UTC(1900, 0, 1) || birth.getTime() > latestBirth(view, today))
    return false;
  if (view.birthDate !== null && !ymd.startsWith(view.birthDate)) return false;
  if (view.age !== null) {
    const age = ageOn(birth, today);
    if (view.age % 10 === 0 ? age < view.age || age > view.age + 9 : age !== view.age) return false;
  }
  return fits(view.idNumber, ymd.replaceAll('-', ''), 6);
}

/** Whether sequence and check character agree with the view (gender parity, the ID's last four). */
function restAgrees(view: PersonView, first17: string): boolean {
  const odd = Number(first17[16]) % 2 === 1;
  return (
    odd === (view.gender === 'MALE') &&
    fits(view.idNumber, first17.slice(14), 14) &&
    fits(view.idNumber, checkChar(first17), 17)
  );
}

/**
 * The ID numbers consistent with `view`, counted up to `cap` (the count stops there). `area` is
 * the 6-digit area code when the view hides it: the attacker's best guess (the district's code).
 * Birth dates run from 1900-01-01 (the earliest GB 11643 allows) to the latest the view allows.
 */
export function countCandidates(
  view: PersonView,
  area: string,
  today: Date,
  cap = Number.POSITIVE_INFINITY,
): number {
  const shownArea = view.idNumber?.slice(0, 6) ?? '******';
  const region = shownArea.includes('*') ? area : shownArea;
  const year = /^\d{4}/.test(view.birthDate ?? '') ? Number(view.birthDate!.slice(0, 4)) : null;
  const from = year === null ? Date.UTC(1900, 0, 1) : Date.UTC(year, 0, 1); // a shown year: only its days can agree
  const to = Math.min(
    latestBirth(view, today),
    year === null ? Number.POSITIVE_INFINITY : Date.UTC(year, 11, 31),
  );
  let count = 0;
  for (let t = from; t <= to; t += dayMs) {
    const birth = new Date(t);
    if (!birthAgrees(view, birth, today)) continue;
    const digits = birth.toISOString().slice(0, 10).replaceAll('-', '');
    for (let seq = 0; seq < 1000; seq++) {
      if (restAgrees(view, `${region}${digits}${String(seq).padStart(3, '0')}`) && ++count >= cap)
        return count;
    }
  }
  return count;
}

/** Whether `idNumber` itself is among the candidates: the rules of the count must not exclude the truth. */
export function isCandidate(view: PersonView, idNumber: string, today: Date): boolean {
  const birth = new Date(
    Date.UTC(
      Number(idNumber.slice(6, 10)),
      Number(idNumber.slice(10, 12)) - 1,
      Number(idNumber.slice(12, 14)),
    ),
  );
  return (
    fits(view.idNumber, idNumber.slice(0, 6), 0) &&
    birthAgrees(view, birth, today) &&
    restAgrees(view, idNumber.slice(0, 17)) &&
    checkChar(idNumber.slice(0, 17)) === idNumber[17]
  );
}
