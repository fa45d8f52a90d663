/**
 * Chinese personal names for demo data: a surname weighted roughly by national frequency
 * (with the Shanghai favourites 沈陆顾钱施 a little heavier), then a given name of one or two
 * characters whose flavour follows gender and birth decade (建国 and 秀英 for the
 * 1940s–50s, 伟 and 丽 for the 1970s–80s, 浩然 and 子涵 for the 2000s and later).
 */
import type { Gender } from '../generated/prisma/enums.js';
import { type Rng, type Weighted, WeightedTable } from './rng.js';

const SURNAMES: readonly Weighted<string>[] = [
  ['王', 71],
  ['李', 70],
  ['张', 68],
  ['刘', 54],
  ['陈', 50],
  ['杨', 31],
  ['黄', 23],
  ['赵', 22],
  ['吴', 22],
  ['周', 21],
  ['徐', 20],
  ['孙', 15],
  ['马', 12],
  ['朱', 15],
  ['胡', 11],
  ['郭', 11],
  ['何', 10],
  ['高', 10],
  ['林', 10],
  ['罗', 9],
  ['郑', 8],
  ['梁', 8],
  ['谢', 7],
  ['宋', 6],
  ['唐', 6],
  ['许', 6],
  ['韩', 6],
  ['冯', 6],
  ['邓', 5],
  ['曹', 6],
  ['彭', 5],
  ['曾', 5],
  ['肖', 5],
  ['田', 4],
  ['董', 4],
  ['袁', 4],
  ['潘', 4],
  ['于', 4],
  ['蒋', 5],
  ['蔡', 5],
  ['余', 3],
  ['杜', 3],
  ['叶', 4],
  ['程', 3],
  ['苏', 3],
  ['魏', 3],
  ['吕', 3],
  ['丁', 3],
  ['任', 3],
  ['沈', 7],
  ['姚', 4],
  ['卢', 3],
  ['姜', 3],
  ['崔', 2],
  ['钟', 2],
  ['谭', 2],
  ['陆', 7],
  ['汪', 3],
  ['范', 3],
  ['金', 4],
  ['石', 2],
  ['廖', 2],
  ['贾', 2],
  ['夏', 3],
  ['韦', 2],
  ['方', 3],
  ['顾', 6],
  ['严', 2],
  ['钱', 4],
  ['施', 4],
  ['毛', 2],
  ['倪', 3],
  ['邵', 2],
  ['殷', 1],
  ['薛', 2],
  ['俞', 3],
  ['屠', 1],
  ['龚', 2],
  ['欧阳', 1],
  ['诸葛', 0.2],
];

const surnames = new WeightedTable(SURNAMES);

type Era = 'old' | 'middle' | 'young';

const GIVEN: Record<Era, Record<Gender, readonly string[]>> = {
  old: {
    MALE: [
      '建国',
      '国华',
      '伟民',
      '志强',
      '德明',
      '永康',
      '金根',
      '根宝',
      '福生',
      '国庆',
      '建华',
      '荣发',
      '卫东',
      '援朝',
      '建平',
      '秋林',
      '阿毛',
      '志刚',
      '长根',
      '宝林',
      '强',
      '军',
      '明',
      '华',
    ],
    FEMALE: [
      '秀英',
      '桂英',
      '玉兰',
      '凤英',
      '美华',
      '淑珍',
      '丽娟',
      '秀珍',
      '桂芳',
      '彩凤',
      '月娥',
      '菊芳',
      '宝珍',
      '杏娣',
      '美娣',
      '雅琴',
      '琴',
      '芳',
      '英',
      '萍',
      '红',
      '敏',
      '珍',
      '兰',
    ],
  },
  middle: {
    MALE: [
      '伟',
      '磊',
      '勇',
      '军',
      '杰',
      '涛',
      '斌',
      '超',
      '俊杰',
      '志伟',
      '海峰',
      '晓东',
      '建军',
      '文斌',
      '立新',
      '振华',
      '国栋',
      '卫国',
      '浩',
      '鹏',
      '毅',
      '凯',
      '晨',
      '峰',
      '骏',
      '昊',
    ],
    FEMALE: [
      '丽',
      '静',
      '敏',
      '燕',
      '艳',
      '娟',
      '霞',
      '婷',
      '雪',
      '慧',
      '晓燕',
      '丽华',
      '海燕',
      '雪梅',
      '春燕',
      '文静',
      '晓红',
      '蕾',
      '颖',
      '洁',
      '琳',
      '莉',
      '佳',
      '倩',
      '晶',
      '怡',
    ],
  },
  young: {
    MALE: [
      '浩然',
      '子轩',
      '宇轩',
      '俊熙',
      '梓豪',
      '一鸣',
      '天佑',
      '博文',
      '皓轩',
      '思远',
      '睿',
      '翔',
      '宸',
      '铭',
      '嘉诚',
      '子墨',
      '奕辰',
      '浩宇',
      '明轩',
      '沐阳',
      '逸飞',
      '锦程',
    ],
    FEMALE: [
      '子涵',
      '梓萱',
      '欣怡',
      '诗涵',
      '雨桐',
      '一诺',
      '梦琪',
      '思彤',
      '可馨',
      '佳怡',
      '语嫣',
      '若曦',
      '依诺',
      '晨曦',
      '悦',
      '萱',
      '瑶',
      '琪',
      '妍',
      '彤',
      '心怡',
      '雨涵',
    ],
  },
};

/** Second characters that combine with a first one for extra variety (e.g. 俊 + 杰). */
const SECOND: Record<Gender, readonly string[]> = {
  MALE: ['杰', '华', '明', '强', '伟', '平', '林', '宇', '航', '诚', '峰', '龙'],
  FEMALE: ['华', '英', '红', '芳', '婷', '琳', '玲', '洁', '静', '萍', '雯', '娜'],
};

function eraOf(birthYear: number): Era {
  if (birthYear < 1966) return 'old';
  if (birthYear < 1995) return 'middle';
  return 'young';
}

export function surname(rng: Rng): string {
  return surnames.at(rng.next());
}

export function givenName(rng: Rng, gender: Gender, birthYear: number): string {
  const pool = GIVEN[eraOf(birthYear)][gender];
  const base = rng.pick(pool);
  if (base.length === 1 && rng.chance(0.45)) {
    const second = rng.pick(SECOND[gender]);
    if (second !== base) return base + second;
  }
  return base;
}

/** A full name; pass `family` to reuse a surname (children take their father's). */
export function fullName(rng: Rng, gender: Gender, birthYear: number, family?: string): string {
  return (family ?? surname(rng)) + givenName(rng, gender, birthYear);
}

/** Names of the social workers (社工) of one committee, who record visits and set tags. */
export function cadreNames(rng: Rng, count: number): string[] {
  const names: string[] = [];
  while (names.length < count) {
    const gender: Gender = rng.chance(0.7) ? 'FEMALE' : 'MALE';
    const name = fullName(rng, gender, rng.int(1970, 1998));
    if (!names.includes(name)) names.push(name);
  }
  return names;
}
