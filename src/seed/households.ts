/**
 * Household composition: who lives together, with relation to the head, gender, age and
 * family name. Templates mirror an ageing inner-city area: many elderly couples and elderly
 * people living alone, three-generation families, and younger non-local (来沪) workers, couples
 * and families, some sharing a rented flat. Weights are tuned so that about 30% of residents
 * are 60 or older and the residence types come out near 60% / 15% / 25%.
 */
import type { Gender, RelationToHead, ResidenceType } from '../generated/prisma/enums.js';
import { surname } from './names.js';
import { type Rng, type Weighted, WeightedTable } from './rng.js';

export interface MemberSpec {
  relation: RelationToHead;
  gender: Gender;
  /** Completed years on the as-of date. */
  age: number;
  family: string;
  residenceType: ResidenceType;
}

export interface HouseholdSpec {
  residence: ResidenceType;
  members: MemberSpec[];
}

type Template = (c: Composer) => void;

class Composer {
  readonly members: MemberSpec[] = [];

  constructor(
    readonly rng: Rng,
    readonly residence: ResidenceType,
  ) {}

  age(mean: number, sd: number, min: number, max: number): number {
    return Math.round(this.rng.normal(mean, sd, min, max));
  }

  add(
    relation: RelationToHead,
    gender: Gender,
    age: number,
    family = surname(this.rng),
  ): MemberSpec {
    let residenceType = this.residence;
    const marriedIn = relation === 'SPOUSE' || relation === 'CHILD_IN_LAW';
    if (residenceType === 'REGISTERED' && age >= 18 && relation !== 'SELF') {
      if (this.rng.chance(marriedIn ? 0.2 : 0.1)) residenceType = 'REGISTERED_AWAY';
      else if (marriedIn && this.rng.chance(0.12)) residenceType = 'NON_LOCAL';
    }
    const member = { relation, gender, age, family, residenceType };
    this.members.push(member);
    return member;
  }

  head(meanAge: number, sd: number, min: number, max: number, femaleShare = 0.3): MemberSpec {
    return this.add(
      'SELF',
      this.rng.chance(femaleShare) ? 'FEMALE' : 'MALE',
      this.age(meanAge, sd, min, max),
    );
  }

  spouse(of: MemberSpec, relation: RelationToHead = 'SPOUSE'): MemberSpec {
    const gap = this.rng.normal(2.5, 3, -6, 12);
    const age = Math.round(of.gender === 'MALE' ? of.age - gap : of.age + gap);
    return this.add(relation, of.gender === 'MALE' ? 'FEMALE' : 'MALE', Math.max(20, age));
  }

  /** Children of a couple (or single parent); the father's family name is passed on. */
  children(
    parent: MemberSpec,
    partner: MemberSpec | undefined,
    count: number,
    relation: RelationToHead = 'CHILD',
  ): MemberSpec[] {
    const mother = parent.gender === 'FEMALE' ? parent : (partner ?? parent);
    const father = parent.gender === 'MALE' ? parent : partner;
    const family = father?.family ?? parent.family;
    const kids: MemberSpec[] = [];
    let age = mother.age - this.age(28, 4, 21, 40);
    for (let i = 0; i < count && age >= 0; i++) {
      kids.push(this.add(relation, this.rng.chance(0.5) ? 'MALE' : 'FEMALE', age, family));
      age -= this.rng.int(2, 7);
    }
    return kids;
  }

  /** The head's parents (one or both), the father sharing the head's family name. */
  parents(of: MemberSpec, count: number): void {
    const fatherAge = Math.min(100, of.age + this.age(29, 3, 22, 40));
    const withFather = count >= 2 || this.rng.chance(0.35);
    if (withFather) this.add('PARENT', 'MALE', fatherAge, of.family);
    if (count >= 2 || !withFather)
      this.add('PARENT', 'FEMALE', Math.min(100, fatherAge - this.rng.int(0, 4)));
  }
}

const LOCAL: readonly Weighted<Template>[] = [
  [(c) => c.head(76, 8, 60, 99, 0.66), 16], // elderly living alone
  [(c) => c.head(42, 11, 20, 59, 0.45), 7], // single adult
  [(c) => c.spouse(c.head(71, 6, 60, 92, 0.2)), 20], // elderly couple
  [(c) => c.spouse(c.head(31, 4, 22, 42)), 6], // young couple
  [
    (c) => {
      const h = c.head(43, 7, 28, 59);
      c.children(h, c.spouse(h), c.rng.chance(0.8) ? 1 : 2);
    },
    17,
  ],
  [
    (c) => {
      // elderly parent(s) with an adult child, perhaps with in-law and grandchild
      const h = c.head(70, 7, 60, 92, 0.3);
      const s = c.rng.chance(0.65) ? c.spouse(h) : undefined;
      const [kid] = c.children(h, s, 1);
      if (kid && kid.age >= 25 && c.rng.chance(0.5)) {
        const inLaw = c.spouse(kid, 'CHILD_IN_LAW');
        c.children(kid, inLaw, c.rng.chance(0.85) ? 1 : 2, 'GRANDCHILD');
      }
    },
    14,
  ],
  [
    (c) => {
      const h = c.head(44, 6, 32, 56);
      c.children(h, c.spouse(h), 1);
      c.parents(h, c.rng.int(1, 2));
    },
    9,
  ],
  [
    (c) => {
      const h = c.head(44, 8, 28, 60, 0.75);
      c.children(h, undefined, 1);
    },
    5,
  ],
];

const NON_LOCAL: readonly Weighted<Template>[] = [
  [(c) => c.head(32, 9, 18, 62, 0.4), 34], // single worker
  [(c) => c.spouse(c.head(36, 9, 20, 62)), 22],
  [
    (c) => {
      const h = c.head(37, 6, 24, 52);
      c.children(h, c.spouse(h), c.rng.chance(0.7) ? 1 : 2);
    },
    24,
  ],
  [
    (c) => {
      // shared rented flat
      const h = c.head(28, 5, 18, 45, 0.35);
      for (let i = c.rng.int(1, 3); i > 0; i--) c.add('OTHER', h.gender, c.age(29, 6, 18, 52));
    },
    9,
  ],
  [
    (c) => {
      const h = c.head(35, 5, 24, 48);
      c.children(h, c.spouse(h), 1);
      c.parents(h, 1);
    },
    6,
  ],
];

const localTemplates = new WeightedTable(LOCAL);
const nonLocalTemplates = new WeightedTable(NON_LOCAL);

/** Composes one household. Villages have fewer non-local and 人户分离 households. */
export function composeHousehold(rng: Rng, village: boolean): HouseholdSpec {
  const roll = rng.next();
  const nonLocalShare = village ? 0.2 : 0.27;
  const awayShare = village ? 0.06 : 0.1;
  const residence: ResidenceType =
    roll < nonLocalShare
      ? 'NON_LOCAL'
      : roll < nonLocalShare + awayShare
        ? 'REGISTERED_AWAY'
        : 'REGISTERED';
  const composer = new Composer(rng, residence);
  (residence === 'NON_LOCAL' ? nonLocalTemplates : localTemplates).at(rng.next())(composer);
  return { residence, members: composer.members };
}
