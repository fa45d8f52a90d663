import { atLeast } from '../../access/access.js';
import { tagGrantType } from '../../access/fields.js';
import { withheld } from '../../access/policy.js';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import type { AccessLevel } from '../../generated/prisma/enums.js';

/** 人员标签 Tag, e.g. elderly living alone; each tag is maintained by one section. */
export const Tag = builder.prismaNode('Tag', {
  description: '人员标签 Tag: a label such as elderly living alone, maintained by one section.',
  id: { field: 'id' },
  // Select mode (the description is long and rarely asked for). `code` and `sensitive` are loaded
  // always: whether a resident's tag may be shown is decided on them (see `readable` below).
  select: { id: true, code: true, sensitive: true },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Stable code, e.g. ELDERLY_ALONE' }),
    name: t.exposeString('name', { description: 'Name, e.g. 独居老人' }),
    description: t.exposeString('description', {
      description: 'Who the tag applies to, e.g. 60周岁及以上、户内无其他共同居住成员的老年人',
    }),
    sensitive: t.exposeBoolean('sensitive', { description: 'Reveals health, income or similar' }),
    section: t.relation('section', { description: 'The section that maintains the tag' }),
  }),
});

const TagAssignment = builder.prismaObject('ResidentTag', {
  name: 'TagAssignment',
  description: 'A tag on a resident, with who set it and when.',
  // Reached only through Resident.tagAssignments, which keeps the assignments the section may read.
  describesPerson: { subject: ['residentId'] },
  fields: (t) => ({
    tag: t.relation('tag', {
      description: 'The tag',
      public: 'listed only when Resident.tagAssignments lets the tag be read',
    }),
    setBy: t.exposeString('setBy', {
      description: 'The person who set the tag',
      public: 'the staff member, not the resident',
    }),
    section: t.relation('section', {
      nullable: true,
      description: 'The section that set the tag',
      public: 'the directory of sections',
    }),
    setAt: t.expose('setAt', {
      type: 'DateTime',
      description: 'When the tag was set',
      public: 'listed only with a readable tag',
    }),
  }),
});

/**
 * A sensitive tag (health, income, …) is shown only under a grant of at least MASKED on
 * `Tag.<code>`; other tags are not personal. Tags a section may not read are left out.
 */
function readable<T>(
  ctx: Context,
  residentId: number,
  links: T[],
  tagOf: (link: T) => { code: string; sensitive: boolean },
): T[] | Promise<T[]> {
  const keep = (link: T, level: AccessLevel) => {
    const tag = tagOf(link);
    if (!atLeast(level, 'MASKED')) return false;
    if (tag.sensitive) ctx.audit.touch(tagGrantType, tag.code, residentId);
    return true;
  };
  const now = links.map((l) => ctx.access.tagLevelNow(tagOf(l).code, tagOf(l).sensitive));
  if (now.every((level) => level !== undefined)) return links.filter((l, i) => keep(l, now[i]!));
  return Promise.all(links.map((l) => ctx.access.tagLevel(tagOf(l).code, tagOf(l).sensitive))).then(
    (levels) => links.filter((l, i) => keep(l, levels[i]!)),
  );
}

/**
 * What `readable` records, as a JSON path for the compiled read path's audit append in SQL
 * (src/compiled/audit.ts): from a resident's tag links (`links`, each with its tag under `tag`),
 * the codes of the sensitive tags. Those of them the request may read (Access.readableTagCodes)
 * are the `Tag.<code>` fields touched, with the resident as subject.
 */
export const sensitiveTagCodesPath = (links: string, tag: string) =>
  `${links}.${JSON.stringify(tag)} ? (@."sensitive" == true)."code"`;

builder.prismaObjectFields('Resident', (t) => ({
  tags: t.field({
    description: "人员标签 The resident's tags (sensitive ones under a grant on Tag.<code>)",
    type: [Tag],
    personal: { mask: withheld, perTag: true },
    select: (_args, _ctx, nestedSelection) => ({
      tags: { select: { tag: nestedSelection(true) }, orderBy: { tagId: 'asc' } },
    }),
    resolve: (resident, _args, ctx) => {
      const links = readable(ctx, resident.id, resident.tags, (l) => l.tag);
      return links instanceof Promise
        ? links.then((ls) => ls.map((l) => l.tag))
        : links.map((l) => l.tag);
    },
  }),
  tagAssignments: t.field({
    description: "The resident's tags with who set them and when (as readable as tags)",
    type: [TagAssignment],
    personal: { mask: withheld, perTag: true },
    select: (_args, _ctx, nestedSelection) => ({
      tags: { ...nestedSelection({ include: { tag: true } }), orderBy: { tagId: 'asc' } },
    }),
    resolve: (resident, _args, ctx) => readable(ctx, resident.id, resident.tags, (l) => l.tag),
  }),
}));
