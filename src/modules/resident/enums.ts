import { builder } from '../../builder.js';

export const Gender = builder.enumType('Gender', {
  description: '性别 Gender as recorded on the ID card',
  values: { MALE: { description: '男 male' }, FEMALE: { description: '女 female' } } as const,
});

export const ResidenceType = builder.enumType('ResidenceType', {
  description: "户籍类型 How a resident's household registration relates to where they live",
  values: {
    REGISTERED: { description: '户籍 registered here and living here' },
    REGISTERED_AWAY: {
      description: '人户分离 registered here but living elsewhere, or the reverse',
    },
    NON_LOCAL: { description: '来沪 non-local resident' },
  } as const,
});

export const ResidentStatus = builder.enumType('ResidentStatus', {
  description: '人员状态 Whether a resident still lives here',
  values: {
    ACTIVE: { description: '在住 living here' },
    MOVED_OUT: { description: '迁出 moved out' },
    DECEASED: { description: '死亡 deceased' },
  } as const,
});

export const RelationToHead = builder.enumType('RelationToHead', {
  description: '与户主关系 Relation to the head of household',
  values: {
    SELF: { description: '本人 the head' },
    SPOUSE: { description: '配偶 spouse' },
    CHILD: { description: '子女 child' },
    PARENT: { description: '父母 parent' },
    GRANDCHILD: { description: '孙子女 grandchild' },
    GRANDPARENT: { description: '祖父母 grandparent' },
    SIBLING: { description: '兄弟姐妹 sibling' },
    CHILD_IN_LAW: { description: '媳婿 son- or daughter-in-law' },
    OTHER: { description: '其他 other' },
  } as const,
});
