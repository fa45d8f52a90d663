/**
 * The yearly task list (准入清单): 59 municipal tasks that may be pushed down to committees,
 * 27 duties by law (依法履职, DUTY) and 32 assistance tasks (依法协助, ASSIST), each owned by
 * one district section. Titles follow the wording of Shanghai's lists; the split and owners
 * are a plausible demo, not an official copy. Codes are `T<year>-NNN`.
 */
import type { TaskList } from '../generated/prisma/enums.js';
import type { DistrictSectionCode } from './sections.js';
import { NEEDS, type NeedsKey } from './task-needs.js';

/** Tasks that seeded service records and hotline cases link to. */
export type TaskKey =
  | 'elderlyCare'
  | 'dispute'
  | 'property'
  | 'sanitation'
  | 'garbage'
  | 'homes'
  | 'civility'
  | 'population'
  | 'socialAssistance'
  | 'elderlyService'
  | 'disabilitySupport'
  | 'veteranVisit'
  | 'familyDoctor'
  | 'illegalBuilding'
  | 'groupRental'
  | 'parking'
  | 'elevator'
  | 'noise'
  | 'fireSafety'
  | 'security';

type Entry = readonly [TaskList, DistrictSectionCode, string, NeedsKey, TaskKey?];

const TASKS: readonly Entry[] = [
  ['ASSIST', 'population', '协助做好实有人口管理服务', 'population', 'population'],
  ['DUTY', 'civil-affairs', '召集和主持居民会议、居民代表会议', 'none'],
  ['DUTY', 'civil-affairs', '制定和修订居民公约', 'none'],
  ['DUTY', 'civil-affairs', '开展居民自治，推进居务公开', 'none'],
  ['DUTY', 'civil-affairs', '办理本居住地区居民的公共事务和公益事业', 'counts'],
  ['DUTY', 'civil-affairs', '调解民间纠纷，化解邻里矛盾', 'neighbourhood', 'dispute'],
  ['DUTY', 'civil-affairs', '组织开展社区志愿服务', 'none'],
  ['DUTY', 'civil-affairs', '组织开展群众性文化、体育活动', 'counts'],
  ['DUTY', 'civil-affairs', '向人民政府反映居民的意见、要求和建议', 'neighbourhood'],
  ['DUTY', 'housing', '指导和监督业主大会、业主委员会依法履职', 'neighbourhood', 'property'],
  ['DUTY', 'housing', '参与物业服务企业服务质量评议', 'neighbourhood'],
  ['DUTY', 'health', '组织居民开展爱国卫生运动', 'neighbourhood', 'sanitation'],
  ['DUTY', 'civil-affairs', '开展社区关爱走访，关心独居和高龄老人', 'elderly', 'elderlyCare'],
  ['DUTY', 'civil-affairs', '开展邻里互助和为老服务', 'elderly'],
  ['DUTY', 'population', '组织开展社区平安巡查', 'housing', 'security'],
  ['DUTY', 'housing', '开展生活垃圾分类宣传和指导', 'neighbourhood', 'garbage'],
  ['DUTY', 'housing', '推进美丽家园建设和小区综合治理', 'neighbourhood', 'homes'],
  ['DUTY', 'civil-affairs', '开展社区议事协商', 'none'],
  ['DUTY', 'civil-affairs', '支持居务监督委员会开展工作', 'none'],
  ['DUTY', 'civil-affairs', '做好居民区党群服务站点日常运营', 'none'],
  ['DUTY', 'veterans', '开展社区拥军优属活动', 'veterans'],
  ['DUTY', 'disability', '关心关爱残疾人，开展社区助残活动', 'disability'],
  ['DUTY', 'health', '开展社区健康教育和健康促进', 'counts'],
  ['DUTY', 'population', '开展社区防灾减灾宣传和应急演练', 'counts'],
  ['DUTY', 'civil-affairs', '开展未成年人保护和家庭教育指导', 'counts'],
  ['DUTY', 'civil-affairs', '开展社区文明创建和文明养宠引导', 'neighbourhood', 'civility'],
  ['DUTY', 'civil-affairs', '管理居民委员会的财产和经费', 'none'],
  ['ASSIST', 'population', '协助开展国家安全教育', 'none'],
  ['DUTY', 'civil-affairs', '宣传宪法、法律、法规和国家政策', 'none'],
  ['ASSIST', 'health', '协助做好卫生防疫工作', 'health'],
  ['ASSIST', 'population', '协助做好社会治安综合治理', 'housing'],
  ['ASSIST', 'population', '协助开展禁毒宣传和社区戒毒社区康复工作', 'counts'],
  ['ASSIST', 'population', '协助做好消防安全宣传和隐患排查', 'housing', 'fireSafety'],
  [
    'ASSIST',
    'civil-affairs',
    '协助做好最低生活保障等社会救助工作',
    'assistance',
    'socialAssistance',
  ],
  [
    'ASSIST',
    'civil-affairs',
    '协助做好养老服务和高龄老人营养补贴发放',
    'elderly',
    'elderlyService',
  ],
  ['ASSIST', 'disability', '协助做好残疾人证办理和残疾人帮扶', 'disability', 'disabilitySupport'],
  ['ASSIST', 'veterans', '协助做好退役军人服务保障和优抚对象走访', 'veterans', 'veteranVisit'],
  ['ASSIST', 'veterans', '协助做好征兵宣传和兵役登记', 'counts'],
  ['ASSIST', 'population', '协助做好人口普查等统计调查', 'counts'],
  ['ASSIST', 'health', '协助做好计划生育和家庭发展服务', 'counts'],
  ['ASSIST', 'health', '协助做好家庭医生签约服务和慢病随访', 'health', 'familyDoctor'],
  ['ASSIST', 'health', '协助做好疫苗接种宣传和组织', 'health'],
  ['ASSIST', 'housing', '协助做好违法建筑整治', 'housing', 'illegalBuilding'],
  ['ASSIST', 'housing', '协助做好群租治理', 'housing', 'groupRental'],
  ['ASSIST', 'housing', '协助做好住房保障和廉租住房申请审核', 'assistance'],
  [
    'ASSIST',
    'housing',
    '协助做好旧住房更新改造和既有多层住宅加装电梯',
    'neighbourhood',
    'elevator',
  ],
  ['ASSIST', 'housing', '协助做好小区停车和非机动车停放管理', 'neighbourhood', 'parking'],
  ['ASSIST', 'housing', '协助做好生活垃圾分类减量和清运监督', 'neighbourhood'],
  ['ASSIST', 'housing', '协助做好市容环境整治', 'neighbourhood'],
  ['ASSIST', 'civil-affairs', '协助做好就业创业服务和失业登记', 'assistance'],
  ['ASSIST', 'health', '协助做好城乡居民基本医疗保险参保', 'assistance'],
  ['ASSIST', 'civil-affairs', '协助做好城乡居民养老保险参保', 'assistance'],
  ['ASSIST', 'population', '协助做好人民调解和社区矫正工作', 'neighbourhood'],
  ['ASSIST', 'population', '协助做好防汛防台工作', 'counts'],
  ['ASSIST', 'health', '协助做好食品安全宣传', 'none'],
  ['ASSIST', 'population', '协助做好来沪人员居住登记和居住证办理', 'population'],
  ['ASSIST', 'civil-affairs', '协助做好特困人员和困境儿童保障', 'assistance'],
  ['ASSIST', 'housing', '协助做好噪声扰民投诉的调查和协调', 'neighbourhood', 'noise'],
  ['ASSIST', 'population', '协助做好反电信网络诈骗宣传', 'counts'],
];

export interface TaskRow {
  id: number;
  code: string;
  year: number;
  title: string;
  list: TaskList;
  sectionId: number;
  datasets: readonly string[];
  fields: readonly string[];
}

export interface TaskAssistRow {
  taskId: number;
  sectionId: number;
}

export interface TaskPlan {
  rows: TaskRow[];
  /** District sections assisting the responsible one (committees and streets are added later). */
  assists: TaskAssistRow[];
  /** The id of a keyed task. */
  idOf(key: TaskKey): number;
  listOf(id: number): TaskList;
}

/** Plans the year's task rows (ids from 1), owned by the given district sections. */
export function planTasks(year: number, sectionIds: Record<DistrictSectionCode, number>): TaskPlan {
  const rows: TaskRow[] = [];
  const assists: TaskAssistRow[] = [];
  const ids = new Map<TaskKey, number>();
  TASKS.forEach(([list, section, title, needsKey, key], index) => {
    const id = index + 1;
    const needs = NEEDS[needsKey];
    const code = `T${year}-${String(id).padStart(3, '0')}`;
    rows.push({
      id,
      code,
      year,
      title,
      list,
      sectionId: sectionIds[section],
      datasets: needs.datasets,
      fields: needs.fields,
    });
    for (const helper of needs.assists)
      if (helper !== section) assists.push({ taskId: id, sectionId: sectionIds[helper] });
    if (key) ids.set(key, id);
  });
  return {
    rows,
    assists,
    idOf(key) {
      const id = ids.get(key);
      if (id === undefined) throw new Error(`no seeded task has the key ${key}`);
      return id;
    },
    listOf(id) {
      const row = rows[id - 1];
      if (!row) throw new Error(`no seeded task has the id ${id}`);
      return row.list;
    },
  };
}
