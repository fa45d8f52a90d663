/**
 * Turns composed households into rows: ids assigned in Node (so links need no round trip),
 * birth dates, ID numbers that agree with birth date and gender and are globally unique,
 * names, phones, ethnicity, status and move-in dates.
 *
 * Status rule: a household of two or more members always keeps at least two ACTIVE members
 * (only one member of a household of three or more may have moved out or died), so "lives
 * alone" means the same whether members or active members are counted.
 */
import type {
  Gender,
  RelationToHead,
  ResidenceType,
  ResidentStatus,
} from '../generated/prisma/enums.js';
import { formatIdNumber } from '../modules/resident/id-number.js';
import { addYears, type Day, dayFromYmd, dayToDate, yearOfDay } from './dates.js';
import { composeHousehold, type MemberSpec } from './households.js';
import { givenName } from './names.js';
import { ethnicity, provinceAreaCode, shanghaiAreaCode } from './origins.js';
import type { Rng } from './rng.js';

export interface HouseholdRow {
  id: number;
  address: string;
  communityId: number;
  headId: number;
}

export interface ResidentRow {
  id: number;
  idNumber: string;
  name: string;
  gender: Gender;
  birthDay: Day;
  phone: string | null;
  ethnicity: string;
  residenceType: ResidenceType;
  status: ResidentStatus;
  communityId: number;
  householdId: number;
  relation: RelationToHead;
  moveInDay: Day;
}

export interface GeneratedHousehold {
  household: HouseholdRow;
  members: ResidentRow[];
}

const PHONE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '147',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '173',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
];

const EARLIEST_MOVE_IN = dayFromYmd(1978, 1, 1);

export class PeopleFactory {
  private readonly usedIdNumbers = new Set<string>();
  private nextHouseholdId = 1;
  private nextResidentId = 1;

  constructor(
    private readonly rng: Rng,
    private readonly asOf: Day,
  ) {}

  /** One household of at most `maxSize` (≥ 1) members, at `address` in a community. */
  household(
    communityId: number,
    address: string,
    village: boolean,
    maxSize: number,
  ): GeneratedHousehold {
    const spec = composeHousehold(this.rng, village);
    const specs = spec.members.slice(0, Math.max(1, maxSize));
    const householdId = this.nextHouseholdId++;
    const homeCode = provinceAreaCode(this.rng);
    const homeEthnicity = ethnicity(this.rng);
    const members: ResidentRow[] = [];
    for (const member of specs) {
      const birthDay = addYears(this.asOf, -member.age) - this.rng.int(1, 364);
      const inherits =
        member.relation !== 'SPOUSE' &&
        member.relation !== 'CHILD_IN_LAW' &&
        member.relation !== 'OTHER';
      const head = members[0];
      members.push({
        id: this.nextResidentId++,
        idNumber: this.idNumber(member, birthDay, homeCode),
        name: member.family + givenName(this.rng, member.gender, yearOfDay(birthDay)),
        gender: member.gender,
        birthDay,
        phone: this.phone(member.age),
        ethnicity: inherits ? homeEthnicity : ethnicity(this.rng),
        residenceType: member.residenceType,
        status: 'ACTIVE',
        communityId,
        householdId,
        relation: member.relation,
        moveInDay: head
          ? this.memberMoveIn(member.relation, birthDay, head.moveInDay)
          : this.headMoveIn(member, birthDay),
      });
    }
    this.assignStatus(members);
    const headId = members[0]?.id ?? 0;
    return { household: { id: householdId, address, communityId, headId }, members };
  }

  private idNumber(member: MemberSpec, birthDay: Day, homeCode: string): string {
    const year = yearOfDay(birthDay);
    const area =
      member.residenceType !== 'NON_LOCAL'
        ? shanghaiAreaCode(this.rng, member.residenceType, year)
        : this.rng.chance(0.75)
          ? homeCode
          : provinceAreaCode(this.rng);
    const birthDate = dayToDate(birthDay);
    const parity = member.gender === 'MALE' ? 1 : 0;
    for (let attempt = 0; attempt < 200; attempt++) {
      const idNumber = formatIdNumber(area, birthDate, this.rng.int(0, 499) * 2 + parity);
      if (!this.usedIdNumbers.has(idNumber)) {
        this.usedIdNumbers.add(idNumber);
        return idNumber;
      }
    }
    throw new Error('could not find a free ID number sequence');
  }

  private phone(age: number): string | null {
    const none = age < 12 ? 0.95 : age < 18 ? 0.4 : age >= 80 ? 0.35 : 0.02;
    return this.rng.chance(none) ? null : this.rng.pick(PHONE_PREFIXES) + this.rng.digits(8);
  }

  private between(lo: Day, hi: Day): Day {
    return hi <= lo ? lo : this.rng.int(lo, hi);
  }

  private clampMoveIn(day: Day, birthDay: Day): Day {
    return Math.min(this.asOf, Math.max(birthDay, day));
  }

  private headMoveIn(head: MemberSpec, birthDay: Day): Day {
    const adult = Math.max(addYears(birthDay, 18), EARLIEST_MOVE_IN);
    const since =
      head.residenceType === 'NON_LOCAL'
        ? addYears(this.asOf, -12)
        : head.residenceType === 'REGISTERED_AWAY'
          ? addYears(this.asOf, -25)
          : EARLIEST_MOVE_IN;
    return this.clampMoveIn(this.between(Math.max(adult, since), this.asOf - 7), birthDay);
  }

  private memberMoveIn(relation: RelationToHead, birthDay: Day, headMoveIn: Day): Day {
    const lo = Math.max(headMoveIn, birthDay);
    if (relation === 'CHILD' || relation === 'GRANDCHILD') return this.clampMoveIn(lo, birthDay);
    if (relation === 'SPOUSE' && this.rng.chance(0.7))
      return this.clampMoveIn(headMoveIn, birthDay);
    return this.clampMoveIn(this.between(lo, this.asOf), birthDay);
  }

  private assignStatus(members: ResidentRow[]): void {
    const [head] = members;
    if (!head) return;
    const age = (m: ResidentRow) => Math.floor((this.asOf - m.birthDay) / 365.25);
    if (members.length === 1) {
      const old = age(head) >= 60;
      const roll = this.rng.next();
      if (old && roll < 0.025) head.status = 'DECEASED';
      else if (roll < (old ? 0.045 : 0.03)) head.status = 'MOVED_OUT';
    } else if (members.length >= 3 && this.rng.chance(0.08)) {
      const member = members[this.rng.int(1, members.length - 1)];
      if (member && age(member) >= 80) member.status = 'DECEASED';
      else if (member && age(member) >= 18) member.status = 'MOVED_OUT';
    }
  }
}
