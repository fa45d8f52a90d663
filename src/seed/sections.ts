/**
 * Seeded sections (职能科室 / 条线部门). Codes are part of the contract other modules rely on:
 *
 * - district level: `civil-affairs`, `health`, `housing`, `veterans`, `disability`,
 *   `population`, and the two system sections `admin` and `auditor`;
 * - `street:<subdistrictCode>` for each street office or town (level SUBDISTRICT);
 * - `committee:<communityCode>` for each residents' or village committee (level COMMUNITY).
 */
import type { SectionLevel } from '../generated/prisma/enums.js';

export type DistrictSectionCode =
  | 'civil-affairs'
  | 'health'
  | 'housing'
  | 'veterans'
  | 'disability'
  | 'population'
  | 'admin'
  | 'auditor';

/** District sections and their names, prefixed with the district name when seeded. */
export const DISTRICT_SECTIONS: readonly (readonly [DistrictSectionCode, string])[] = [
  ['civil-affairs', '民政局'],
  ['health', '卫生健康委员会'],
  ['housing', '房屋管理局'],
  ['veterans', '退役军人事务局'],
  ['disability', '残疾人联合会'],
  ['population', '公安分局实有人口管理办公室'],
  ['admin', '一网统管系统管理'],
  ['auditor', '数据安全审计'],
];

export function streetSectionCode(subdistrictCode: string): string {
  return `street:${subdistrictCode}`;
}

export function committeeSectionCode(communityCode: string): string {
  return `committee:${communityCode}`;
}

export interface SectionRow {
  id: number;
  code: string;
  name: string;
  level: SectionLevel;
  districtId: number;
  subdistrictId: number | null;
  communityId: number | null;
}

interface Area {
  id: number;
  code: string;
  name: string;
}

export interface SectionPlan {
  rows: SectionRow[];
  /** Ids of the district sections by code. */
  district: Record<DistrictSectionCode, number>;
  /** Committee section id by community id. */
  committeeOf: Map<number, number>;
}

/** Plans the section rows with ids starting at 1. */
export function planSections(
  district: Area,
  subdistricts: readonly (Area & { kind: 'STREET' | 'TOWN' })[],
  communities: readonly (Area & { subdistrictId: number })[],
): SectionPlan {
  const rows: SectionRow[] = [];
  const add = (row: Omit<SectionRow, 'id' | 'districtId'>): number => {
    const id = rows.length + 1;
    rows.push({ id, districtId: district.id, ...row });
    return id;
  };
  const ids: Partial<Record<DistrictSectionCode, number>> = {};
  for (const [code, name] of DISTRICT_SECTIONS) {
    ids[code] = add({
      code,
      name: district.name + name,
      level: 'DISTRICT',
      subdistrictId: null,
      communityId: null,
    });
  }
  for (const s of subdistricts) {
    const name = s.kind === 'TOWN' ? `${s.name}人民政府` : `${s.name}办事处`;
    add({
      code: streetSectionCode(s.code),
      name,
      level: 'SUBDISTRICT',
      subdistrictId: s.id,
      communityId: null,
    });
  }
  const committeeOf = new Map<number, number>();
  for (const c of communities) {
    const id = add({
      code: committeeSectionCode(c.code),
      name: c.name,
      level: 'COMMUNITY',
      subdistrictId: c.subdistrictId,
      communityId: c.id,
    });
    committeeOf.set(c.id, id);
  }
  return { rows, district: ids as Record<DistrictSectionCode, number>, committeeOf };
}
