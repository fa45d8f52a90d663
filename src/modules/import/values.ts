import type {
  Gender,
  RelationToHead,
  ResidenceType,
  ResidentStatus,
  ServiceKind,
} from '../../generated/prisma/enums.js';

/**
 * Enum values as ledgers write them: the Chinese word, the English enum value, a common
 * abbreviation. Compared after cleaning and upper-casing.
 */
function table<T extends string>(entries: Record<T, readonly string[]>): Map<string, T> {
  const map = new Map<string, T>();
  for (const [value, words] of Object.entries(entries) as Array<[T, readonly string[]]>) {
    map.set(value.toUpperCase(), value);
    for (const word of words) map.set(word.toUpperCase(), value);
  }
  return map;
}

export const genders = table<Gender>({ MALE: ['男', 'M', '男性'], FEMALE: ['女', 'F', '女性'] });

export const residenceTypes = table<ResidenceType>({
  REGISTERED: ['户籍', '户籍人口', '本地', '常住'],
  REGISTERED_AWAY: ['人户分离', '户在人不在', '人在户不在'],
  NON_LOCAL: ['来沪', '来沪人员', '外来', '外来人口', '流动人口', '非本市户籍'],
});

export const statuses = table<ResidentStatus>({
  ACTIVE: ['在住', '正常', '在册'],
  MOVED_OUT: ['迁出', '已迁出', '搬离'],
  DECEASED: ['死亡', '已故', '去世', '已死亡'],
});

export const relations = table<RelationToHead>({
  SELF: ['本人', '户主', '户主本人'],
  SPOUSE: ['配偶', '妻', '妻子', '夫', '丈夫', '妻子/丈夫'],
  CHILD: ['子女', '子', '女', '儿子', '女儿', '长子', '长女', '次子', '次女', '独生子', '独生女'],
  PARENT: ['父母', '父亲', '母亲', '父', '母'],
  GRANDCHILD: ['孙子女', '孙子', '孙女', '外孙', '外孙女'],
  GRANDPARENT: ['祖父母', '祖父', '祖母', '外祖父', '外祖母'],
  SIBLING: ['兄弟姐妹', '兄', '弟', '姐', '妹', '哥哥', '弟弟', '姐姐', '妹妹'],
  CHILD_IN_LAW: ['媳婿', '儿媳', '女婿', '儿媳妇'],
  OTHER: ['其他', '其它', '亲属', '保姆'],
});

export const serviceKinds = table<ServiceKind>({
  HOME_VISIT: ['走访', '入户走访', '上门走访', '探访', '家访'],
  ASSISTANCE: ['帮扶', '救助', '帮困', '援助'],
  SUBSIDY: ['补贴', '补助', '发放补贴'],
  MEDICATION_REMINDER: ['服药提醒', '用药提醒'],
  CERTIFICATE: ['开证明', '证明'],
  OTHER: ['其他', '其它'],
});

/** Separators between the tags of one cell: 、 ; ； , ， / and spaces. */
export function splitList(text: string): string[] {
  return text
    .split(/[、;；,，/\s]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}
