import { maskAddress } from '../../access/masks.js';
import { withheld } from '../../access/policy.js';
import { builder } from '../../builder.js';

/**
 * Members in registration order. Not head first: ordering by relationToHead would show a section
 * without that grant who the head is and each member's place (an order is a read). `members` and
 * the audit of `address` load them with the same arguments, so Prisma loads them once.
 */
const memberOrder = { orderBy: [{ id: 'asc' as const }] };

export const HouseholdNode = builder.prismaNode('Household', {
  description: '户 Household: a household at an address, with its members and head (户主).',
  id: { field: 'id' },
  // Select mode: only the columns a query asks for (a page of residents reads few of them).
  select: { id: true },
  // Every field is a fact about the people who live here; reading the address names them all
  // in the audit trail (each member's accessLog shows it): its members, loaded by the field that
  // needs them, else its head.
  describesPerson: { subject: ['members.id', 'head.id'] },
  fields: (t) => ({
    address: t.string({
      nullable: true,
      description: '门牌地址 Address (personal; masked: road and lane only)',
      select: { address: true, members: { select: { id: true }, ...memberOrder } },
      resolve: (household) => household.address,
      personal: { mask: maskAddress },
    }),
    community: t.relation('community', {
      description: 'The community the address is in',
      public: 'the jurisdiction the record belongs to; rows are scoped by it',
    }),
    head: t.relation('head', {
      nullable: true,
      description: '户主 Head of household (personal: household composition)',
      personal: { mask: withheld },
    }),
    members: t.relation('members', {
      nullable: true,
      description:
        'Members of the household, in registration order (personal: household composition)',
      query: memberOrder,
      personal: { mask: withheld },
    }),
    size: t.int({
      nullable: true,
      select: { _count: { select: { members: true } } },
      resolve: (household) => household._count.members,
      description: 'Number of members (personal: household composition; masked: withheld)',
      personal: {
        mask: withheld,
        reportUses: ['dimensions.HOUSEHOLD_SIZE', 'filter.householdSizes'],
      },
    }),
    version: t.exposeInt('version', {
      description: 'Row version for optimistic concurrency',
      public: 'bookkeeping of the record',
    }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When the household was registered in the hub',
      public: 'bookkeeping of the record',
    }),
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      description: 'When the record last changed',
      public: 'bookkeeping of the record',
    }),
  }),
});
