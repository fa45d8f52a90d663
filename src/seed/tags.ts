/**
 * Resident tags (人员标签), each maintained by one district section, assigned so that they
 * agree with the rest of the data:
 *
 * - ELDERLY_ALONE ⇔ ACTIVE, 60 or older on the as-of date, only member of the household;
 * - DISABILITY: about 2%, more likely with age;
 * - VETERAN: mostly men over 40, a few women;
 * - LOW_INCOME: whole households (all ACTIVE members), only households with a registered
 *   head, likelier for elderly living alone and households with a disabled member;
 * - KEY_CARE ⇔ ACTIVE and (80 or older, or disabled and living alone).
 */
import type { ResidentRow } from './people.js';
import { addYears, ageOn, type Day, DAY_MS, officeTime } from './dates.js';
import type { Rng } from './rng.js';
import type { DistrictSectionCode } from './sections.js';

export type TagCode = 'ELDERLY_ALONE' | 'DISABILITY' | 'VETERAN' | 'LOW_INCOME' | 'KEY_CARE';

export interface TagDefinition {
  code: TagCode;
  name: string;
  description: string;
  sensitive: boolean;
  section: DistrictSectionCode;
}

export const TAG_DEFINITIONS: readonly TagDefinition[] = [
  {
    code: 'ELDERLY_ALONE',
    name: '独居老人',
    description: '60周岁及以上、户内无其他共同居住成员的老年人',
    sensitive: true,
    section: 'civil-affairs',
  },
  {
    code: 'DISABILITY',
    name: '残疾人',
    description: '持有残疾人证的居民',
    sensitive: true,
    section: 'disability',
  },
  {
    code: 'VETERAN',
    name: '退役军人',
    description: '退役军人及其他优抚对象',
    sensitive: false,
    section: 'veterans',
  },
  {
    code: 'LOW_INCOME',
    name: '低保家庭',
    description: '享受最低生活保障的家庭成员',
    sensitive: true,
    section: 'civil-affairs',
  },
  {
    code: 'KEY_CARE',
    name: '重点关爱对象',
    description: '80周岁及以上高龄老人，或独居的残疾人',
    sensitive: true,
    section: 'health',
  },
];

export interface TagRow {
  id: number;
  code: TagCode;
  name: string;
  description: string;
  sensitive: boolean;
  sectionId: number;
}

/** A resident's tags and when each was set (ms since the epoch). */
export type ResidentTags = Map<TagCode, number>;

export interface ResidentTagRow {
  residentId: number;
  tagId: number;
  setBy: string;
  sectionId: number;
  /** Milliseconds since the epoch. */
  setAt: number;
}

/** Tag rows (ids from 1) for the given district section ids. */
export function planTags(sectionIds: Record<DistrictSectionCode, number>): TagRow[] {
  return TAG_DEFINITIONS.map((t, i) => ({
    id: i + 1,
    code: t.code,
    name: t.name,
    description: t.description,
    sensitive: t.sensitive,
    sectionId: sectionIds[t.section],
  }));
}

export class TagAssigner {
  private readonly byCode = new Map<TagCode, TagRow>();

  constructor(
    private readonly rng: Rng,
    private readonly asOf: Day,
    tags: readonly TagRow[],
  ) {
    for (const tag of tags) this.byCode.set(tag.code, tag);
  }

  /** Tags of one household's members, keyed by resident id; appends link rows to `out`. */
  household(
    members: readonly ResidentRow[],
    cadres: readonly string[],
    out: ResidentTagRow[],
  ): Map<number, ResidentTags> {
    const rng = this.rng;
    const tagsOf = new Map<number, ResidentTags>();
    const alone = members.length === 1;
    const head = members[0];
    const add = (m: ResidentRow, code: TagCode, since: Day) => {
      const tag = this.byCode.get(code);
      if (!tag) throw new Error(`tag ${code} was not planned`);
      const day = Math.min(this.asOf - 1, Math.max(m.moveInDay, since) + rng.int(0, 90));
      let setAt = officeTime(day, rng.int(0, 539));
      if (setAt >= this.asOf * DAY_MS) setAt -= 7 * DAY_MS;
      out.push({
        residentId: m.id,
        tagId: tag.id,
        setBy: rng.pick(cadres),
        sectionId: tag.sectionId,
        setAt,
      });
      const tags = tagsOf.get(m.id) ?? new Map<TagCode, number>();
      tags.set(code, setAt);
      tagsOf.set(m.id, tags);
    };
    const recent = (years: number) => this.asOf - rng.int(30, Math.round(years * 365));
    let disabledInHousehold = false;
    for (const m of members) {
      const age = ageOn(m.birthDay, this.asOf);
      const active = m.status === 'ACTIVE';
      const elderlyAlone = active && alone && age >= 60;
      if (elderlyAlone) add(m, 'ELDERLY_ALONE', addYears(m.birthDay, 60));
      const disabled = rng.chance(age < 18 ? 0.005 : age < 60 ? 0.012 : age < 80 ? 0.035 : 0.06);
      if (disabled) {
        disabledInHousehold = true;
        add(m, 'DISABILITY', recent(12));
      }
      const veteranShare =
        m.gender === 'MALE'
          ? age >= 60
            ? 0.06
            : age >= 40
              ? 0.035
              : age >= 22
                ? 0.01
                : 0
          : age >= 40
            ? 0.003
            : 0;
      if (rng.chance(veteranShare)) add(m, 'VETERAN', recent(8));
      if (active && (age >= 80 || (disabled && alone)))
        add(m, 'KEY_CARE', age >= 80 ? addYears(m.birthDay, 80) : recent(5));
    }
    const lowIncomeShare =
      disabledInHousehold || (alone && (tagsOf.get(head?.id ?? 0)?.size ?? 0) > 0) ? 0.06 : 0.012;
    if (head && head.residenceType === 'REGISTERED' && rng.chance(lowIncomeShare)) {
      const since = recent(5);
      for (const m of members) if (m.status === 'ACTIVE') add(m, 'LOW_INCOME', since);
    }
    return tagsOf;
  }
}
