import { builder } from '../../builder.js';

/** 人员标签 Tag, e.g. elderly living alone; each tag is maintained by one section. */
export const Tag = builder.prismaNode('Tag', {
  description: '人员标签 Tag: a label such as elderly living alone, maintained by one section.',
  id: { field: 'id' },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Stable code, e.g. ELDERLY_ALONE' }),
    name: t.exposeString('name', { description: 'Name, e.g. 独居老人' }),
    description: t.exposeString('description'),
    sensitive: t.exposeBoolean('sensitive', { description: 'Reveals health, income or similar' }),
    section: t.relation('section', { description: 'The section that maintains the tag' }),
  }),
});

builder.prismaObject('ResidentTag', {
  name: 'TagAssignment',
  description: 'A tag on a resident, with who set it and when.',
  fields: (t) => ({
    tag: t.relation('tag'),
    setBy: t.exposeString('setBy', { description: 'The person who set the tag' }),
    section: t.relation('section', { nullable: true, description: 'The section that set the tag' }),
    setAt: t.expose('setAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectFields('Resident', (t) => ({
  tags: t.field({
    description: '人员标签 The resident\'s tags',
    type: [Tag],
    select: (_args, _ctx, nestedSelection) => ({
      tags: { select: { tag: nestedSelection(true) }, orderBy: { tagId: 'asc' } },
    }),
    resolve: (resident) => resident.tags.map((link) => link.tag),
  }),
  tagAssignments: t.relation('tags', {
    description: 'The resident\'s tags with who set them and when',
    query: { orderBy: { tagId: 'asc' } },
  }),
}));
