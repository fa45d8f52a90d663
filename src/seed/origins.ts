/**
 * Where residents come from, as far as the seeder needs it: the area code at the start of
 * an ID number, and ethnicity.
 *
 * - Registered residents carry Shanghai codes (3101xx), mostly 静安 310106 and, for people
 *   born before the 2015 merger, the old 闸北 code 310108.
 * - 人户分离 residents mostly carry the codes of other Shanghai districts.
 * - Non-local residents (来沪) carry codes of their home provinces, weighted towards the
 *   provinces most migrants to Shanghai come from (安徽, 江苏, 河南, 江西, 四川, 浙江…).
 */
import type { ResidenceType } from '../generated/prisma/enums.js';
import { type Rng, type Weighted, WeightedTable } from './rng.js';

const LOCAL: readonly Weighted<string>[] = [
  ['310106', 55],
  ['310108', 25],
  ['310107', 3],
  ['310109', 3],
  ['310104', 2],
  ['310105', 2],
  ['310101', 3],
  ['310110', 2],
  ['310113', 2],
  ['310115', 2],
  ['310112', 1],
];

const ELSEWHERE_IN_SHANGHAI: readonly Weighted<string>[] = [
  ['310106', 10],
  ['310108', 8],
  ['310101', 8],
  ['310104', 8],
  ['310105', 7],
  ['310107', 10],
  ['310109', 9],
  ['310110', 9],
  ['310112', 8],
  ['310113', 10],
  ['310114', 4],
  ['310115', 12],
  ['310116', 2],
  ['310117', 3],
  ['310118', 2],
  ['310120', 2],
  ['310151', 2],
];

const OTHER_PROVINCES: readonly Weighted<string>[] = [
  // 安徽
  ['340102', 4],
  ['341221', 5],
  ['342422', 4],
  ['340822', 4],
  ['341623', 4],
  ['340321', 3],
  // 江苏
  ['320102', 3],
  ['321322', 4],
  ['320923', 3],
  ['320826', 3],
  ['320282', 2],
  // 河南
  ['411302', 3],
  ['412726', 3],
  ['411424', 2],
  ['410102', 2],
  // 江西
  ['360121', 3],
  ['362330', 3],
  ['360281', 2],
  // 四川 / 重庆
  ['511321', 3],
  ['510722', 2],
  ['510107', 1],
  ['500101', 2],
  // 浙江, 湖北, 湖南, 山东, 福建
  ['330102', 2],
  ['330621', 2],
  ['420106', 2],
  ['421122', 2],
  ['430104', 1],
  ['430521', 2],
  ['370102', 1],
  ['371321', 2],
  ['350102', 1],
  ['350583', 1],
  // farther away
  ['230102', 1],
  ['220102', 1],
  ['210102', 1],
  ['130102', 1],
  ['140105', 1],
  ['610102', 1],
  ['620102', 1],
  ['520102', 1],
  ['530102', 1],
  ['450102', 1],
  ['440104', 1],
  ['150102', 0.5],
  ['650102', 0.5],
  ['540102', 0.2],
  ['640104', 0.3],
  ['460105', 0.3],
  ['630104', 0.2],
];

const local = new WeightedTable(LOCAL);
const localAfterMerger = new WeightedTable(LOCAL.filter(([code]) => code !== '310108'));
const elsewhere = new WeightedTable(ELSEWHERE_IN_SHANGHAI);
const elsewhereAfterMerger = new WeightedTable(
  ELSEWHERE_IN_SHANGHAI.filter(([c]) => c !== '310108'),
);
const provinces = new WeightedTable(OTHER_PROVINCES);

/** 闸北区 (310108) was merged into 静安区 in 2015; nobody born later carries its code. */
const MERGER_YEAR = 2015;

/** The area code of a resident's ID number, given residence type and birth year. */
export function shanghaiAreaCode(
  rng: Rng,
  residenceType: ResidenceType,
  birthYear: number,
): string {
  const afterMerger = birthYear >= MERGER_YEAR;
  if (residenceType === 'REGISTERED')
    return (afterMerger ? localAfterMerger : local).at(rng.next());
  return (afterMerger ? elsewhereAfterMerger : elsewhere).at(rng.next());
}

/** The home area code of a non-local resident (outside Shanghai). */
export function provinceAreaCode(rng: Rng): string {
  return provinces.at(rng.next());
}

const MINORITIES: readonly Weighted<string>[] = [
  ['回族', 30],
  ['满族', 20],
  ['蒙古族', 8],
  ['朝鲜族', 8],
  ['壮族', 8],
  ['土家族', 8],
  ['苗族', 6],
  ['藏族', 3],
  ['维吾尔族', 3],
  ['彝族', 3],
  ['侗族', 3],
  ['布依族', 2],
];
const minorities = new WeightedTable(MINORITIES);

export const HAN = '汉族';

/** An ethnicity: about 3% belong to an ethnic minority. */
export function ethnicity(rng: Rng, minorityShare = 0.03): string {
  return rng.chance(minorityShare) ? minorities.at(rng.next()) : HAN;
}
