import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { badInput } from '../../errors.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { Community, Section } from '../../generated/prisma/client.js';
import { CommunityNode } from '../geo/type.js';
import { SectionNode } from '../section/type.js';

interface Counts {
  reports: number;
  exports: number;
  attestations: number;
  committeeForms: number;
}
interface SectionRow extends Counts {
  sectionId: number;
}
interface CommunityRow extends Counts {
  communityId: number;
}
interface Summary {
  from: Date;
  to: Date;
  total: Counts;
  bySection: Array<{ section: Section; counts: Counts }>;
  byCommunity: Array<{ community: Community; counts: Counts }>;
}

const counts = Prisma.sql`count(*) FILTER (WHERE kind = 'REPORT_RUN')::int AS reports,
  count(*) FILTER (WHERE kind = 'EXPORT')::int AS exports,
  count(*) FILTER (WHERE kind = 'ATTESTATION')::int AS attestations`;

/**
 * The burden ledger summed up, in two statements. A report run or export covering N communities
 * spared N committee forms (`committeeForms`); per community it counts once. Jurisdiction is the
 * database's: row-level security shows the entries that cover the caller's communities, and the
 * view `burden_entry_community` only the communities of those within the jurisdiction.
 */
async function summarise(ctx: Context, from: Date, to: Date): Promise<Summary> {
  const until = new Date(to.getTime() + 86_400_000);
  const window = Prisma.sql`at >= ${from} AND at < ${until}`;
  const bySection = await ctx.prisma.$queryRaw<
    SectionRow[]
  >(Prisma.sql`SELECT section_id AS "sectionId", ${counts},
      coalesce(sum(cardinality(community_ids)) FILTER (WHERE kind IN ('REPORT_RUN', 'EXPORT')), 0)::int AS "committeeForms"
    FROM burden_entry WHERE ${window} GROUP BY section_id ORDER BY section_id`);
  const byCommunity = await ctx.prisma.$queryRaw<
    CommunityRow[]
  >(Prisma.sql`SELECT community_id AS "communityId", ${counts},
      count(*) FILTER (WHERE kind IN ('REPORT_RUN', 'EXPORT'))::int AS "committeeForms"
    FROM burden_entry_community WHERE ${window} GROUP BY community_id ORDER BY community_id`);
  const total = bySection.reduce<Counts>(
    (sum, r) => ({
      reports: sum.reports + r.reports,
      exports: sum.exports + r.exports,
      attestations: sum.attestations + r.attestations,
      committeeForms: sum.committeeForms + r.committeeForms,
    }),
    { reports: 0, exports: 0, attestations: 0, committeeForms: 0 },
  );
  const sections = await ctx.prisma.section.findMany({
    where: { id: { in: bySection.map((r) => r.sectionId) } },
  });
  const communities = await ctx.prisma.community.findMany({
    where: { id: { in: byCommunity.map((r) => r.communityId) } },
  });
  return {
    from,
    to,
    total,
    bySection: bySection.map(({ sectionId, ...c }) => ({
      section: sections.find((s) => s.id === sectionId)!,
      counts: c,
    })),
    byCommunity: byCommunity.map(({ communityId, ...c }) => ({
      community: communities.find((x) => x.id === communityId)!,
      counts: c,
    })),
  };
}

const BurdenCounts = builder.objectRef<Counts>('BurdenCounts').implement({
  description: '减负计数 What sections did themselves instead of asking committees',
  fields: (t) => ({
    reports: t.exposeInt('reports', { description: 'Reports run by sections themselves' }),
    exports: t.exposeInt('exports', { description: 'Reports exported to CSV or XLSX' }),
    attestations: t.exposeInt('attestations', {
      description: 'Attestations given: certificates a committee did not stamp',
    }),
    committeeForms: t.exposeInt('committeeForms', {
      description:
        'Committee forms spared: each report run or export counts once per community it covers',
    }),
  }),
});

const BurdenSectionRow = builder
  .objectRef<Summary['bySection'][number]>('BurdenSectionRow')
  .implement({
    description: 'The burden ledger of one section',
    fields: (t) => ({
      section: t.field({
        type: SectionNode,
        description: 'The section that did the work itself',
        resolve: (r) => r.section,
      }),
      counts: t.field({ type: BurdenCounts, description: 'What it did', resolve: (r) => r.counts }),
    }),
  });

const BurdenCommunityRow = builder
  .objectRef<Summary['byCommunity'][number]>('BurdenCommunityRow')
  .implement({
    description:
      'The burden ledger of one community: forms and certificates its committee was spared',
    fields: (t) => ({
      community: t.field({
        type: CommunityNode,
        description: 'The community',
        resolve: (r) => r.community,
      }),
      counts: t.field({
        type: BurdenCounts,
        description: 'Reports, exports and attestations that covered it',
        resolve: (r) => r.counts,
      }),
    }),
  });

const BurdenSummary = builder.objectRef<Summary>('BurdenSummary').implement({
  description:
    '减负台账 The burden ledger between two dates: what sections produced themselves instead of asking committees',
  fields: (t) => ({
    from: t.field({ type: 'Date', description: 'First day counted', resolve: (s) => s.from }),
    to: t.field({ type: 'Date', description: 'Last day counted', resolve: (s) => s.to }),
    total: t.field({
      type: BurdenCounts,
      description: 'All sections together',
      resolve: (s) => s.total,
    }),
    bySection: t.field({
      type: [BurdenSectionRow],
      description: 'Per section that did the work',
      resolve: (s) => s.bySection,
    }),
    byCommunity: t.field({
      type: [BurdenCommunityRow],
      description: 'Per community whose committee was spared',
      resolve: (s) => s.byCommunity,
    }),
  }),
});

builder.queryFields((t) => ({
  burdenSummary: t.field({
    description:
      '减负台账 Reports, exports and attestations per section and community between two days (inclusive, UTC)',
    type: BurdenSummary,
    args: {
      from: t.arg({ type: 'Date', required: true, description: 'First day, YYYY-MM-DD' }),
      to: t.arg({ type: 'Date', required: true, description: 'Last day, YYYY-MM-DD' }),
    },
    resolve: (_root, args, ctx) => {
      if (args.to < args.from) throw badInput('to', 'must not be before from');
      return summarise(ctx, args.from, args.to);
    },
  }),
}));
