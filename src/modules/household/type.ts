import { builder } from '../../builder.js';

builder.prismaNode('Household', {
  description: '户 Household: a household at an address, with its members and head (户主).',
  id: { field: 'id' },
  // Select mode: only the columns a query asks for (a page of residents reads few of them).
  select: { id: true },
  fields: (t) => ({
    address: t.exposeString('address', {
      nullable: true,
      description: '门牌地址 Address (personal; masked: road and lane only)',
    }),
    community: t.relation('community', { description: 'The community the address is in' }),
    head: t.relation('head', { nullable: true, description: '户主 Head of household' }),
    members: t.relation('members', {
      description: 'Members of the household, head first',
      query: { orderBy: [{ relationToHead: 'asc' }, { id: 'asc' }] },
    }),
    size: t.relationCount('members', { description: 'Number of members' }),
    version: t.exposeInt('version', { description: 'Row version for optimistic concurrency' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the household was registered in the hub' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the record last changed' }),
  }),
});
