/**
 * Service records (走访/服务记录) over the 18 months before the as-of date, recorded by the
 * committee's social workers on behalf of the section whose line the service belongs to:
 *
 * - elderly living alone: a home visit every two to six weeks, and for half of them a
 *   medication reminder every month or two (sometimes the visit notices pills running out);
 * - other key-care residents: a home visit every one to two and a half months;
 * - 80 and older: a quarterly 高龄营养补贴 payment; low-income households: a monthly 低保 payment;
 * - disabled residents: a few assistance services; veterans: visits at Spring Festival and 八一;
 * - non-local households: a residence-registration check; some adults: a certificate.
 *
 * Nothing happens before the resident moved in, or before the tag or age that occasions it.
 */
import type { ServiceKind } from '../generated/prisma/enums.js';
import { addYears, ageOn, type Day, DAY_MS, dayFromYmd, officeTime } from './dates.js';
import type { ResidentRow } from './people.js';
import type { Rng } from './rng.js';
import type { DistrictSectionCode } from './sections.js';
import type { ResidentTags, TagCode } from './tags.js';
import type { TaskKey } from './tasks.js';

export interface ServiceRecordRow {
  id: number;
  kind: ServiceKind;
  /** Milliseconds since the epoch. */
  occurredAt: number;
  notes: string;
  recordedBy: string;
  residentId: number;
  communityId: number;
  sectionId: number | null;
  taskId: number | null;
}

export interface ServiceLinks {
  section: Record<DistrictSectionCode, number>;
  taskId(key: TaskKey): number;
}

export interface CommitteeInfo {
  communityId: number;
  sectionId: number;
  cadres: readonly string[];
}

const WINDOW_DAYS = 548;

const VISIT_NOTES = [
  '上门走访，老人精神状态良好，居家环境安全。',
  '上门走访，了解老人近期饮食起居情况，无异常。',
  '电话预约后上门探望，协助检查燃气和电器使用安全。',
  '上门走访，老人反映腿脚不便，已登记助浴助洁需求。',
  '走访时老人不在家，经联系确认在子女家小住。',
  '上门走访，陪同老人聊天，提醒天气变化注意保暖。',
];
const PILLS_RUNNING_OUT = '走访发现老人降压药即将用完，已联系家庭医生上门续方。';
const REMINDER_NOTES = [
  '电话提醒按时服药，确认药量充足。',
  '上门查看药盒，剩余药量约一周，提醒及时配药。',
  '提醒老人按医嘱服用降糖药，并记录血糖情况。',
  '提醒长处方药品到期，协助预约社区卫生服务中心配药。',
];
const CARE_NOTES = [
  '上门走访高龄老人，了解身体和生活状况。',
  '走访重点关爱对象，家属在场，情况稳定。',
];
const DISABILITY_NOTES = [
  '协助申请辅助器具适配。',
  '上门开展康复指导。',
  '协助办理残疾人证年审。',
  '协助申请残疾人护理补贴。',
];
const CERTIFICATE_NOTES = [
  '开具居住证明。',
  '开具亲属关系证明。',
  '开具独居情况证明。',
  '开具无房证明材料核实意见。',
];

export class ServiceFactory {
  private nextId = 1;
  private readonly start: Day;
  private readonly end: Day;

  constructor(
    private readonly rng: Rng,
    private readonly asOf: Day,
    private readonly links: ServiceLinks,
  ) {
    this.start = asOf - WINDOW_DAYS;
    this.end = asOf - 1;
  }

  get count(): number {
    return this.nextId - 1;
  }

  /** Records for one household's members; appends them to `out`. */
  household(
    members: readonly ResidentRow[],
    tagsOf: Map<number, ResidentTags>,
    c: CommitteeInfo,
    out: ServiceRecordRow[],
  ): void {
    const { rng, links } = this;
    const { section } = links;
    const add = (
      m: ResidentRow,
      kind: ServiceKind,
      day: Day,
      notes: string,
      sectionId: number | null,
      task: TaskKey | null,
    ) => {
      if (day < Math.max(this.start, m.moveInDay) || day > this.end) return;
      const occurredAt = officeTime(day, rng.int(0, 539));
      if (occurredAt >= this.asOf * DAY_MS) return;
      const taskId = task === null ? null : links.taskId(task);
      out.push({
        id: this.nextId++,
        kind,
        occurredAt,
        notes,
        recordedBy: rng.pick(c.cadres),
        residentId: m.id,
        communityId: c.communityId,
        sectionId,
        taskId,
      });
    };
    /** Calls `fn` every `from`–`to` days from `since` (or the window's start) to the end. */
    const every = (from: number, to: number, since: Day, fn: (day: Day) => void) => {
      for (
        let day = Math.max(this.start, since) + rng.int(0, to);
        day <= this.end;
        day += rng.int(from, to)
      )
        fn(day);
    };
    const anyDay = (since: Day) => {
      const first = Math.max(this.start, since);
      return first + rng.int(0, Math.max(0, this.end - first));
    };
    const head = members[0];
    for (const m of members) {
      if (m.status !== 'ACTIVE') continue;
      const tags: ResidentTags = tagsOf.get(m.id) ?? new Map();
      const since = (code: TagCode): Day => Math.floor((tags.get(code) ?? 0) / DAY_MS);
      const age = ageOn(m.birthDay, this.asOf);
      if (tags.has('ELDERLY_ALONE')) {
        const onMedication = rng.chance(0.5);
        every(14, 42, since('ELDERLY_ALONE'), (d) => {
          const notes =
            onMedication && rng.chance(0.08) ? PILLS_RUNNING_OUT : rng.pick(VISIT_NOTES);
          add(m, 'HOME_VISIT', d, notes, section['civil-affairs'], 'elderlyCare');
        });
        if (onMedication) {
          every(30, 60, since('ELDERLY_ALONE'), (d) =>
            add(
              m,
              'MEDICATION_REMINDER',
              d,
              rng.pick(REMINDER_NOTES),
              section.health,
              'familyDoctor',
            ),
          );
        }
      } else if (tags.has('KEY_CARE')) {
        every(30, 75, since('KEY_CARE'), (d) =>
          add(m, 'HOME_VISIT', d, rng.pick(CARE_NOTES), section['civil-affairs'], 'elderlyCare'),
        );
      }
      if (age >= 80) {
        every(91, 92, addYears(m.birthDay, 80), (d) =>
          add(
            m,
            'SUBSIDY',
            d,
            '发放本季度高龄老人营养补贴。',
            section['civil-affairs'],
            'elderlyService',
          ),
        );
      }
      if (tags.has('DISABILITY')) {
        for (let i = rng.int(1, 4); i > 0; i--) {
          add(
            m,
            'ASSISTANCE',
            anyDay(since('DISABILITY')),
            rng.pick(DISABILITY_NOTES),
            section.disability,
            'disabilitySupport',
          );
        }
      }
      if (tags.has('VETERAN')) this.veteranVisits(m, since('VETERAN'), add);
      if (m === head && tags.has('LOW_INCOME')) {
        every(30, 31, since('LOW_INCOME'), (d) =>
          add(
            m,
            'SUBSIDY',
            d,
            '发放本月最低生活保障金。',
            section['civil-affairs'],
            'socialAssistance',
          ),
        );
      }
      if (m === head && m.residenceType === 'NON_LOCAL' && rng.chance(0.5)) {
        add(
          m,
          'OTHER',
          anyDay(m.moveInDay),
          '来沪人员居住登记信息采集核对。',
          section.population,
          'population',
        );
      }
      if (age >= 18 && rng.chance(0.015)) {
        add(m, 'CERTIFICATE', anyDay(m.moveInDay), rng.pick(CERTIFICATE_NOTES), c.sectionId, null);
      }
    }
  }

  private veteranVisits(
    m: ResidentRow,
    since: Day,
    add: (
      m: ResidentRow,
      kind: ServiceKind,
      day: Day,
      notes: string,
      sectionId: number,
      task: TaskKey,
    ) => void,
  ): void {
    const first = new Date(this.start * DAY_MS).getUTCFullYear();
    const last = new Date(this.end * DAY_MS).getUTCFullYear();
    for (let year = first; year <= last; year++) {
      const springFestival = dayFromYmd(year, 1, 20) + this.rng.int(0, 20);
      const armyDay = dayFromYmd(year, 7, 24) + this.rng.int(0, 7);
      if (springFestival >= since)
        add(
          m,
          'HOME_VISIT',
          springFestival,
          '春节前走访慰问退役军人，送上慰问品。',
          this.links.section.veterans,
          'veteranVisit',
        );
      if (armyDay >= since)
        add(
          m,
          'HOME_VISIT',
          armyDay,
          '八一建军节走访慰问退役军人。',
          this.links.section.veterans,
          'veteranVisit',
        );
    }
  }
}
