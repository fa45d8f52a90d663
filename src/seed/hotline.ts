/**
 * 12345 hotline cases over the 18 months before the as-of date, about one for every 25
 * residents, with categories weighted by the kind of area. Each case links to the task that
 * covers it; the committee's role follows the task's list (LEAD for duties, ASSIST for
 * assistance tasks), except that in some communities certain assistance tasks have drifted
 * into lead work: the pattern the high-frequency analysis is meant to catch.
 * `closedAt` is set exactly when the status is CLOSED.
 */
import type { CommitteeRole, HotlineStatus } from '../generated/prisma/enums.js';
import { type Day, DAY_MS, SHANGHAI_OFFSET_MS } from './dates.js';
import { type Rng, WeightedTable } from './rng.js';
import type { TaskKey, TaskPlan } from './tasks.js';

export interface HotlineCaseRow {
  id: number;
  caseNumber: string;
  category: string;
  summary: string;
  status: HotlineStatus;
  role: CommitteeRole;
  receivedAt: number;
  closedAt: number | null;
  communityId: number;
  taskId: number | null;
}

interface Category {
  name: string;
  task: TaskKey;
  weight: number;
  villageWeight: number;
  summaries: readonly string[];
}

const CATEGORIES: readonly Category[] = [
  {
    name: '噪音扰民',
    task: 'noise',
    weight: 14,
    villageWeight: 6,
    summaries: [
      '反映楼上住户夜间装修噪音扰民，要求协调处理。',
      '反映小区广场舞音响声音过大，影响休息。',
      '反映附近商铺夜间经营噪音扰民。',
    ],
  },
  {
    name: '物业管理',
    task: 'property',
    weight: 16,
    villageWeight: 2,
    summaries: [
      '反映物业保洁不到位，楼道堆物长期未清理。',
      '反映小区门禁损坏，物业迟迟未修。',
      '反映物业费收支不透明，要求公开。',
    ],
  },
  {
    name: '垃圾分类',
    task: 'garbage',
    weight: 10,
    villageWeight: 8,
    summaries: [
      '反映垃圾定时投放点开放时间不合理。',
      '反映部分居民垃圾混投，要求加强引导。',
      '反映湿垃圾桶清运不及时，有异味。',
    ],
  },
  {
    name: '违章搭建',
    task: 'illegalBuilding',
    weight: 8,
    villageWeight: 14,
    summaries: [
      '反映底楼住户在公共绿地搭建阳光房。',
      '反映顶楼住户违规加层搭建。',
      '反映有人在宅基地外违规搭建简易房出租。',
    ],
  },
  {
    name: '养老服务',
    task: 'elderlyService',
    weight: 8,
    villageWeight: 8,
    summaries: [
      '咨询长者食堂用餐及送餐服务。',
      '咨询高龄老人营养补贴申请流程。',
      '反映独居老人需要上门助浴服务。',
    ],
  },
  {
    name: '停车管理',
    task: 'parking',
    weight: 12,
    villageWeight: 4,
    summaries: [
      '反映小区内机动车乱停放堵塞消防通道。',
      '反映非机动车在楼道内停放充电。',
      '咨询小区错峰停车办理。',
    ],
  },
  {
    name: '群租',
    task: 'groupRental',
    weight: 7,
    villageWeight: 7,
    summaries: ['反映楼内某室疑似群租，人员进出频繁。', '反映出租房屋隔断分租，存在消防隐患。'],
  },
  {
    name: '邻里纠纷',
    task: 'dispute',
    weight: 9,
    villageWeight: 9,
    summaries: ['反映楼上漏水影响楼下，协商未果。', '反映邻居在公共走道堆放杂物引发矛盾。'],
  },
  {
    name: '环境卫生',
    task: 'sanitation',
    weight: 7,
    villageWeight: 10,
    summaries: ['反映绿化带积水滋生蚊虫。', '反映河道沿岸有垃圾堆放。'],
  },
  {
    name: '加装电梯',
    task: 'elevator',
    weight: 5,
    villageWeight: 0,
    summaries: ['咨询多层住宅加装电梯意见征询流程。', '反映加装电梯施工影响低层住户采光。'],
  },
  {
    name: '消防安全',
    task: 'fireSafety',
    weight: 3,
    villageWeight: 4,
    summaries: ['反映楼道内电瓶车飞线充电。', '反映消防通道被杂物占用。'],
  },
  {
    name: '文明养宠',
    task: 'civility',
    weight: 4,
    villageWeight: 3,
    summaries: ['反映有居民遛狗不牵绳。', '反映犬只夜间吠叫扰民。'],
  },
  {
    name: '社会救助',
    task: 'socialAssistance',
    weight: 2,
    villageWeight: 3,
    summaries: ['咨询低保申请条件和所需材料。'],
  },
];

const residential = new WeightedTable(CATEGORIES.map((c) => [c, c.weight] as const));
const villages = new WeightedTable(CATEGORIES.map((c) => [c, c.villageWeight] as const));

const CASES_PER_RESIDENT = 0.04;
const WINDOW_DAYS = 548;

export interface HotlineArea {
  communityId: number;
  village: boolean;
  residents: number;
}

function status(rng: Rng, ageDays: number): HotlineStatus {
  const roll = rng.next();
  if (ageDays > 30) return roll < 0.75 ? 'CLOSED' : roll < 0.97 ? 'RESOLVED' : 'IN_PROGRESS';
  if (ageDays > 7)
    return roll < 0.35 ? 'CLOSED' : roll < 0.7 ? 'RESOLVED' : roll < 0.95 ? 'IN_PROGRESS' : 'OPEN';
  return roll < 0.05 ? 'CLOSED' : roll < 0.2 ? 'RESOLVED' : roll < 0.55 ? 'IN_PROGRESS' : 'OPEN';
}

/** All cases of all areas, numbered and given ids (from 1) in order of receipt. */
export function generateHotlineCases(
  rng: Rng,
  asOf: Day,
  areas: readonly HotlineArea[],
  tasks: TaskPlan,
): HotlineCaseRow[] {
  const asOfMs = asOf * DAY_MS;
  const cases: Omit<HotlineCaseRow, 'id' | 'caseNumber'>[] = [];
  for (const area of areas) {
    const drift = new Map(CATEGORIES.map((c) => [c.name, rng.chance(0.2) ? 0.55 : 0.06]));
    const count = Math.round(area.residents * CASES_PER_RESIDENT);
    for (let i = 0; i < count; i++) {
      const category = (area.village ? villages : residential).at(rng.next());
      const taskId = tasks.idOf(category.task);
      const day = asOf - rng.int(1, WINDOW_DAYS);
      const receivedAt = day * DAY_MS + rng.int(7 * 60, 22 * 60) * 60_000 - SHANGHAI_OFFSET_MS;
      const ageDays = (asOfMs - receivedAt) / DAY_MS;
      const st = status(rng, ageDays);
      const closedAt =
        st === 'CLOSED'
          ? Math.min(
              asOfMs - 60_000,
              receivedAt + rng.int(2, Math.max(3, Math.min(ageDays, 20) * 24)) * 3_600_000,
            )
          : null;
      const role: CommitteeRole =
        tasks.listOf(taskId) === 'DUTY'
          ? rng.chance(0.95)
            ? 'LEAD'
            : 'ASSIST'
          : rng.chance(drift.get(category.name) ?? 0.06)
            ? 'LEAD'
            : 'ASSIST';
      cases.push({
        category: category.name,
        summary: rng.pick(category.summaries),
        status: st,
        role,
        receivedAt,
        closedAt,
        communityId: area.communityId,
        taskId,
      });
    }
  }
  cases.sort((a, b) => a.receivedAt - b.receivedAt || a.communityId - b.communityId);
  const counters = new Map<number, number>();
  return cases.map((c, index) => {
    const year = new Date(c.receivedAt + SHANGHAI_OFFSET_MS).getUTCFullYear();
    const serial = (counters.get(year) ?? rng.int(100_000, 400_000)) + rng.int(1, 300);
    counters.set(year, serial);
    return { id: index + 1, caseNumber: `12345-${year}-${String(serial).padStart(7, '0')}`, ...c };
  });
}
