/**
 * The demo geography: 静安区 (310106) with two street offices and one town. Subdistrict and
 * street names are real; committee and village names are plausible but partly invented, and
 * the codes follow the statistical-division pattern (9-digit subdistrict, 12-digit committee:
 * streets 0xx, towns 1xx, residents' committees 0xx, villages 2xx). Demo data only.
 */
import type { CommunityKind, SubdistrictKind } from '../generated/prisma/enums.js';
import type { Rng } from './rng.js';

export interface CommunityPlace {
  code: string;
  name: string;
  kind: CommunityKind;
  /** Relative population. */
  weight: number;
  /** Roads of a residential area; for a village, its name as used in addresses. */
  roads: readonly string[];
  /** Village groups (村民小组); 0 for residential areas. */
  groups: number;
}

export interface SubdistrictPlace {
  code: string;
  name: string;
  kind: SubdistrictKind;
  communities: readonly CommunityPlace[];
}

export const DISTRICT = { code: '310106', name: '静安区' } as const;

function residential(code: string, name: string, weight: number, roads: string[]): CommunityPlace {
  return { code, name: `${name}居委会`, kind: 'RESIDENTIAL', weight, roads, groups: 0 };
}

function village(code: string, name: string, weight: number, groups: number): CommunityPlace {
  return {
    code,
    name: `${name.replace(/村$/, '')}村委会`,
    kind: 'VILLAGE',
    weight,
    roads: [name],
    groups,
  };
}

export const SUBDISTRICTS: readonly SubdistrictPlace[] = [
  {
    code: '310106001',
    name: '江宁路街道',
    kind: 'STREET',
    communities: [
      residential('310106001001', '蒋家巷', 1.1, ['江宁路', '昌平路', '西康路']),
      residential('310106001002', '三和', 0.9, ['武定路', '西康路', '康定路']),
      residential('310106001003', '淮安', 1.0, ['淮安路', '昌平路', '江宁路']),
      residential('310106001004', '新安', 0.8, ['新闸路', '泰兴路', '武定路']),
      residential('310106001005', '海防', 1.2, ['海防路', '长寿路', '西苏州路']),
    ],
  },
  {
    code: '310106002',
    name: '共和新路街道',
    kind: 'STREET',
    communities: [
      residential('310106002001', '洛善', 1.2, ['共和新路', '洛川中路', '延长中路']),
      residential('310106002002', '柳营', 1.0, ['柳营路', '共和新路', '中山北路']),
      residential('310106002003', '太阳山', 0.9, ['太阳山路', '中华新路', '永兴路']),
      residential('310106002004', '中兴', 1.1, ['中兴路', '大统路', '共和新路']),
      residential('310106002005', '延长', 1.0, ['延长中路', '平型关路', '广延路']),
    ],
  },
  {
    code: '310106101',
    name: '彭浦镇',
    kind: 'TOWN',
    communities: [
      residential('310106101001', '共康', 1.3, ['共康路', '江场西路', '呼玛路']),
      residential('310106101002', '平顺', 1.0, ['平顺路', '场中路', '岭南路']),
      village('310106101201', '场中村', 0.5, 10),
      village('310106101202', '沪太村', 0.45, 8),
      village('310106101203', '洪南村', 0.4, 9),
    ],
  },
];

export const COMMUNITIES: readonly CommunityPlace[] = SUBDISTRICTS.flatMap((s) => s.communities);

const CHINESE_NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function chineseNumber(n: number): string {
  if (n <= 10) return CHINESE_NUMERALS[n] ?? String(n);
  if (n < 20) return `十${CHINESE_NUMERALS[n - 10] ?? ''}`;
  return String(n);
}

/**
 * Hands out distinct household addresses in one community, e.g. `共和新路1234弄5号601室`
 * in a residential area (lanes of 6-storey buildings, two flats a floor) or `场中村三组12号`
 * in a village. Some flats are skipped, as if vacant or not residential.
 */
export class AddressBook {
  private slot = 0;
  private lane = { road: '', number: 0 };
  private readonly nextHouse: number[];

  /** `usedLanes` is shared by all books of a district: neighbouring areas share roads. */
  constructor(
    private readonly place: CommunityPlace,
    private readonly rng: Rng,
    private readonly usedLanes: Set<string> = new Set(),
  ) {
    this.nextHouse = Array.from({ length: place.groups + 1 }, () => 1);
  }

  next(): string {
    return this.place.kind === 'VILLAGE' ? this.nextVillage() : this.nextFlat();
  }

  private nextVillage(): string {
    const group = 1 + (this.slot++ % this.place.groups);
    const house = (this.nextHouse[group] ?? 1) + (this.rng.chance(0.2) ? this.rng.int(1, 3) : 0);
    this.nextHouse[group] = house + 1;
    return `${this.place.roads[0] ?? ''}${chineseNumber(group)}组${house}号`;
  }

  private nextFlat(): string {
    const perLane = 24 * 6 * 2;
    for (;;) {
      const slot = this.slot++;
      const inLane = slot % perLane;
      if (inLane === 0) this.openLane();
      if (this.rng.chance(0.12)) continue;
      const building = 1 + Math.floor(inLane / 12);
      const floor = 1 + Math.floor((inLane % 12) / 2);
      const flat = 1 + (inLane % 2);
      return `${this.lane.road}${this.lane.number}弄${building}号${floor}0${flat}室`;
    }
  }

  private openLane(): void {
    for (;;) {
      const road = this.rng.pick(this.place.roads);
      const number = this.rng.int(1, 180) * 5 + this.rng.int(0, 4);
      const key = `${road}${number}`;
      if (this.usedLanes.has(key)) continue;
      this.usedLanes.add(key);
      this.lane = { road, number };
      return;
    }
  }
}
