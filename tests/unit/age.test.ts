import { describe, expect, it } from 'vitest';
import { ageOn, birthDateRange } from '../../src/modules/resident/age.js';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('ages', () => {
  it('count whole years, turning on the birthday itself', () => {
    expect(ageOn(d('1960-05-10'), d('2026-05-09'))).toBe(65);
    expect(ageOn(d('1960-05-10'), d('2026-05-10'))).toBe(66);
    expect(ageOn(d('2000-02-29'), d('2026-02-28'))).toBe(25);
    expect(ageOn(d('2000-02-29'), d('2026-03-01'))).toBe(26);
  });

  it('turn an inclusive age range into birth-date bounds that agree with ageOn', () => {
    const on = d('2026-11-27');
    const { lte, gt } = birthDateRange(on, 60, 69);
    for (const birth of [
      '1957-11-27',
      '1957-11-28',
      '1956-11-28',
      '1956-11-27',
      '1966-11-27',
      '1966-11-28',
    ]) {
      const inRange = d(birth) <= lte! && d(birth) > gt!;
      const age = ageOn(d(birth), on);
      expect(inRange, birth).toBe(age >= 60 && age <= 69);
    }
  });
});
