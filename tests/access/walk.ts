import { decodeGlobalID } from '@pothos/plugin-relay';
import {
  getNamedType,
  type GraphQLField,
  GraphQLObjectType,
  type GraphQLSchema,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import type { PrismaClient } from '../../src/db/client.js';
import { gid } from '../support/ids.js';
import { formatIdNumber } from '../../src/modules/resident/id-number.js';
import { tasks } from '../support/scenario.js';

/**
 * Generates the jurisdiction walk from the schema: from every root field and every Node type,
 * through every relation (to-one, to-many, connection) to a given depth. Nothing here names a
 * type or a relation: a relation added later is walked without anyone writing a test for it.
 */

const isConnection = (type: GraphQLObjectType) =>
  type.name.endsWith('Connection') && 'edges' in type.getFields();
const required = (field: GraphQLField<unknown, unknown>) =>
  field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);

/** The selection of `type`, following relations `hops` more times. */
export function selection(type: GraphQLObjectType, hops: number): string {
  const fields = type.getFields();
  const parts = ['__typename'];
  if (fields.id) parts.push('id');
  if (isConnection(type)) {
    if (fields.totalCount) parts.push('totalCount');
    const edge = getNamedType(fields.edges!.type) as GraphQLObjectType;
    const node = getNamedType(edge.getFields().node!.type) as GraphQLObjectType;
    parts.push(`edges { node { ${selection(node, hops)} } }`);
    return parts.join(' ');
  }
  if (hops === 0) return parts.join(' ');
  for (const field of Object.values(fields)) {
    const named = getNamedType(field.type);
    if (!isObjectType(named) || required(field).length > 0) continue;
    parts.push(`${field.name} { ${selection(named, hops - 1)} }`);
  }
  return parts.join(' ');
}

/** Names of the types implementing Node. */
export function nodeTypes(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter(
      (t): t is GraphQLObjectType =>
        t instanceof GraphQLObjectType && t.getInterfaces().some((i) => i.name === 'Node'),
    )
    .map((t) => t.name);
}

/** The Prisma delegate of a Node type (Resident → resident). */
function delegate(prisma: PrismaClient, typeName: string) {
  const model = (
    prisma as unknown as Record<
      string,
      { findMany(args: object): Promise<Array<Record<string, unknown>>> }
    >
  )[typeName[0]!.toLowerCase() + typeName.slice(1)];
  if (!model) throw new Error(`no Prisma model for ${typeName}`);
  return model;
}

/** Tables under row-level security: their rows belong to a community. */
export async function scopedTables(prisma: PrismaClient): Promise<Set<string>> {
  const rows = await prisma.$queryRaw<Array<{ name: string }>>`
    SELECT relname AS name FROM pg_class WHERE relkind = 'r' AND relrowsecurity AND relforcerowsecurity`;
  return new Set(rows.map((r) => r.name));
}

const tableOf = (typeName: string) =>
  typeName.replace(/[A-Z]/g, (c, i: number) => (i ? '_' : '') + c.toLowerCase());

/**
 * Every row of every Node type, read as the hub: global ID → the community it belongs to, or null
 * for rows of tables without row-level security (sections, tags, tasks: public directories).
 */
export async function everyRow(
  prisma: PrismaClient,
  types: string[],
): Promise<Map<string, number | null>> {
  const rows = new Map<string, number | null>();
  const scoped = await scopedTables(prisma);
  for (const type of types) {
    const belongs = scoped.has(tableOf(type));
    for (const row of await delegate(prisma, type).findMany({})) {
      const community = !belongs
        ? null
        : type === 'Community'
          ? (row.id as number)
          : (row.communityId as number);
      rows.set(gid(type, row.id as number), community);
    }
  }
  return rows;
}

/** One document per root field (IDs it needs: every row of the type it returns, aliased). */
export function rootDocuments(
  schema: GraphQLSchema,
  hops: number,
  ids: Map<string, number | null>,
  dates: Record<string, string>,
) {
  const documents: Array<{ root: string; query: string }> = [];
  const notWalked: string[] = [];
  for (const field of Object.values(schema.getQueryType()!.getFields())) {
    const named = getNamedType(field.type);
    if (!isObjectType(named)) continue;
    const args = required(field);
    const idArgs = args.filter(
      (a) => isScalarType(getNamedType(a.type)) && getNamedType(a.type).name === 'ID',
    );
    const dateArgs = args.filter((a) => getNamedType(a.type).name === 'Date');
    if (idArgs.length + dateArgs.length !== args.length || idArgs.length > 1) {
      notWalked.push(field.name);
      continue;
    }
    const fixed = dateArgs.map((a) => `${a.name}: "${dates[a.name]}"`);
    const body = selection(named, hops);
    if (idArgs.length === 0) {
      documents.push({
        root: field.name,
        query: `{ ${field.name}${fixed.length ? `(${fixed.join(', ')})` : ''} { ${body} } }`,
      });
      continue;
    }
    // The type an ID argument names: the field's own type (resident(id:)), the argument's name
    // (residentId: Resident), or any Node type (node(id:)).
    const argType = idArgs[0]!.name.replace(/Id$/, '');
    const target = named.name === 'Node' ? null : nodeOf(named.name, argType, nodeTypes(schema));
    if (target === undefined) {
      notWalked.push(field.name);
      continue;
    }
    const candidates = [...ids.keys()].filter(
      (id) => target === null || decodeGlobalID(id).typename === target,
    );
    const aliased = candidates.map((id, i) => {
      const fragment =
        named.name === 'Node' ? `__typename id ${nodeTypeFragments(schema, hops)}` : body;
      return `a${i}: ${field.name}(${[`${idArgs[0]!.name}: "${id}"`, ...fixed].join(', ')}) { ${fragment} }`;
    });
    documents.push({ root: field.name, query: `{ ${aliased.join(' ')} }` });
  }
  return { documents, notWalked };
}

function nodeOf(returned: string, argName: string, nodes: string[]): string | undefined {
  const types = new Set(nodes);
  if (types.has(returned)) return returned;
  const named = argName[0]!.toUpperCase() + argName.slice(1);
  if (types.has(named)) return named;
  return undefined;
}

function nodeTypeFragments(schema: GraphQLSchema, hops: number): string {
  return nodeTypes(schema)
    .map(
      (name) => `... on ${name} { ${selection(schema.getType(name) as GraphQLObjectType, hops)} }`,
    )
    .join(' ');
}

/** Every object with a global ID in a response, and every connection's totalCount against its edges. */
export function visit(
  value: unknown,
  seen: (id: string) => void,
  connection: (total: number, edges: number) => void,
): void {
  if (Array.isArray(value)) return value.forEach((v) => visit(v, seen, connection));
  if (value === null || typeof value !== 'object') return;
  const object = value as Record<string, unknown>;
  if (typeof object.id === 'string' && typeof object.__typename === 'string') seen(object.id);
  if (typeof object.totalCount === 'number' && Array.isArray(object.edges))
    connection(object.totalCount, object.edges.length);
  for (const v of Object.values(object)) visit(v, seen, connection);
}

/** A second street with one community, household, resident, service record, hotline case and tag. */
export async function addSecondStreet(prisma: PrismaClient) {
  const district = await prisma.district.findFirstOrThrow();
  const street = await prisma.subdistrict.create({
    data: { code: '310106002', name: '南京西路街道', kind: 'STREET', districtId: district.id },
  });
  const c3 = await prisma.community.create({
    data: {
      code: '310106002001',
      name: '静安寺居委会',
      kind: 'RESIDENTIAL',
      subdistrictId: street.id,
    },
  });
  await prisma.section.create({
    data: {
      code: 'street:310106002',
      name: '南京西路街道办',
      level: 'SUBDISTRICT',
      districtId: district.id,
      subdistrictId: street.id,
    },
  });
  await prisma.section.create({
    data: {
      code: 'committee:310106002001',
      name: c3.name,
      level: 'COMMUNITY',
      districtId: district.id,
      subdistrictId: street.id,
      communityId: c3.id,
    },
  });
  const household = await prisma.household.create({
    data: { address: '愚园路1号', communityId: c3.id },
  });
  const resident = await prisma.resident.create({
    data: {
      idNumber: formatIdNumber('310106', new Date('1940-02-02T00:00:00Z'), 91),
      name: '赵大爷',
      gender: 'MALE',
      birthDate: new Date('1940-02-02T00:00:00Z'),
      phone: '13900000091',
      ethnicity: '汉族',
      residenceType: 'REGISTERED',
      communityId: c3.id,
      householdId: household.id,
      relationToHead: 'SELF',
      moveInDate: new Date('2001-01-01T00:00:00Z'),
    },
  });
  await prisma.household.update({ where: { id: household.id }, data: { headId: resident.id } });
  const tag = await prisma.tag.findUniqueOrThrow({ where: { code: 'ELDERLY_ALONE' } });
  const task = await prisma.task.findFirstOrThrow({ where: { code: tasks.population } });
  await prisma.residentTag.create({
    data: { residentId: resident.id, tagId: tag.id, setBy: '王书记', sectionId: tag.sectionId },
  });
  await prisma.serviceRecord.create({
    data: {
      kind: 'MEDICATION_REMINDER',
      occurredAt: new Date('2026-10-09T02:00:00Z'),
      notes: '降压药',
      recordedBy: '王书记',
      residentId: resident.id,
      communityId: c3.id,
      taskId: task.id,
    },
  });
  await prisma.hotlineCase.create({
    data: {
      caseNumber: '12345-2026-0000009',
      category: '噪音扰民',
      summary: '赵大爷反映噪音',
      status: 'OPEN',
      role: 'LEAD',
      receivedAt: new Date('2026-10-01T01:00:00Z'),
      communityId: c3.id,
      taskId: task.id,
    },
  });
  // A saved report of this committee shared with committee c1: its owner is one more path from
  // c1 into this community (section → community → residents).
  const owner = await prisma.section.findUniqueOrThrow({
    where: { code: 'committee:310106002001' },
  });
  const reader = await prisma.section.findUniqueOrThrow({
    where: { code: 'committee:310106001001' },
  });
  await prisma.savedReport.create({
    data: {
      name: '独居老人',
      input: { dataset: 'RESIDENTS', dimensions: ['COMMUNITY'], measures: ['COUNT'] },
      sectionId: owner.id,
      createdBy: '王书记',
      shares: { create: [{ sectionId: reader.id }] },
    },
  });
  return { community: c3.id, resident: resident.id };
}
