import { createHmac } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLInt,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Access } from '../../src/access/access.js';
import { linkAuditEvents, verifyAuditChain } from '../../src/modules/audit/chain.js';
import { auditOutcome, auditPlugin } from '../../src/modules/audit/plugin.js';
import { AuditTrail } from '../../src/modules/audit/trail.js';
import type { Context } from '../../src/context.js';
import type { PrismaClient } from '../../src/db/client.js';
import { openHub, type Hub } from '../../src/db/open.js';
import { AppError, ErrorCode } from '../../src/errors.js';
import { codeOf } from '../support/hub.js';
import { tasks } from '../support/scenario.js';
import { createTestDatabase } from '../support/databases.js';

/** A tiny schema whose resolvers touch the trail the way the masking middleware does. */
const resident = {
  type: GraphQLString,
  args: { id: { type: new GraphQLNonNull(GraphQLInt) } },
  resolve: (_root: unknown, args: { id: number }, ctx: Context) => {
    ctx.audit.touch('Resident', 'name', args.id);
    return '张*';
  },
};
const schema = new GraphQLSchema({
  query: new GraphQLObjectType<unknown, Context>({
    name: 'Query',
    fields: {
      resident,
      plain: { type: GraphQLString, resolve: () => 'not personal' },
      refused: {
        type: GraphQLString,
        resolve: () => Promise.reject(new AppError(ErrorCode.FORBIDDEN, 'no grant')),
      },
      broken: {
        type: GraphQLString,
        resolve: (_root: unknown, _args: unknown, ctx: Context) => {
          ctx.audit.touch('Resident', 'phone', 7);
          throw new Error('bug');
        },
      },
    },
  }),
  mutation: new GraphQLObjectType<unknown, Context>({
    name: 'Mutation',
    fields: { record: resident, setSomething: { type: GraphQLString, resolve: () => 'done' } },
  }),
});

/** Refuses a request before execution, as the purpose rule does. */
const refusePurpose: ApolloServerPlugin<Context> = {
  async requestDidStart({ contextValue }) {
    return {
      async didResolveOperation() {
        if (contextValue.purpose === 'NOT-MINE')
          throw new AppError(ErrorCode.PURPOSE_NOT_ALLOWED, 'not your task');
      },
    };
  },
};

/** The key of operation hashes here (without it, the plugin derives one from the hub-token secret). */
const auditKey = 'plugin-test-audit-key-plugin-test-audit-key';

describe('audit plugin', () => {
  let hub: Hub;
  let apollo: ApolloServer<Context>;
  beforeAll(async () => {
    vi.stubEnv('ONETABLE_AUDIT_KEY', auditKey);
    hub = await openHub((await createTestDatabase('pglite')).target);
    apollo = new ApolloServer<Context>({ schema, plugins: [refusePurpose, auditPlugin()] });
    await apollo.start();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await apollo?.stop();
    await hub?.close();
  });

  function context(
    purpose: string | null = tasks.population,
    db: PrismaClient = hub.prisma,
  ): Context {
    const principal: Context['principal'] = {
      kind: 'token',
      name: 'liu.shuji',
      section: {
        id: 1,
        code: 'committee:310106001001',
        level: 'COMMUNITY',
        districtId: 1,
        subdistrictId: 1,
        communityId: 1,
      },
    };
    return {
      requestId: 'r1',
      principal,
      purpose,
      prisma: hub.prisma,
      unscoped: db,
      access: new Access(hub.prisma, principal, purpose),
      audit: new AuditTrail(),
    };
  }
  async function run(query: string, variables: Record<string, unknown> = {}, ctx = context()) {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: ctx });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return { status: response.http.status, ...response.body.singleResult };
  }
  const last = () => hub.prisma.auditEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
  const count = () => hub.prisma.auditEvent.count();

  it('appends nothing for a request that touched no personal data', async () => {
    expect((await run('{ plain }')).data).toEqual({ plain: 'not personal' });
    expect(await count()).toBe(0);
  });

  it('appends one OK event with fields, residents and the keyed hash of the document, never the variables', async () => {
    const query =
      'query Look($a: Int!, $b: Int!) { a: resident(id: $a) b: resident(id: $b) plain }';
    await run(query, { a: 42, b: 5 });
    const event = await last();
    expect(event).toMatchObject({
      principal: 'token:liu.shuji',
      sectionCode: 'committee:310106001001',
      purpose: tasks.population,
      operationName: 'Look',
      operationHash: createHmac('sha256', auditKey).update(query).digest('hex'),
      fields: ['Resident.name'],
      residentIds: [5, 42],
      outcome: 'OK',
    });
  });

  it('appends an event for every mutation, even one that read no personal field', async () => {
    await run('mutation Set { setSomething }');
    expect(await last()).toMatchObject({
      operationName: 'Set',
      fields: [],
      residentIds: [],
      outcome: 'OK',
    });
  });

  it('records PARTIAL, DENIED and ERROR outcomes', async () => {
    await run('{ resident(id: 1) refused }');
    expect((await last()).outcome).toBe('PARTIAL');
    await run('{ refused }');
    expect(await last()).toMatchObject({ outcome: 'DENIED', fields: [], residentIds: [] });
    await run('{ broken }');
    expect(await last()).toMatchObject({
      outcome: 'ERROR',
      fields: ['Resident.phone'],
      residentIds: [7],
    });
  });

  it('records a request refused before execution for its purpose', async () => {
    const before = await count();
    const result = await run('query Peek { resident(id: 3) }', {}, context('NOT-MINE'));
    expect(codeOf(result)).toBe('PURPOSE_NOT_ALLOWED');
    expect(await count()).toBe(before + 1);
    expect(await last()).toMatchObject({
      outcome: 'DENIED',
      purpose: 'NOT-MINE',
      operationName: 'Peek',
      fields: [],
    });
  });

  it('withholds the answer of a query whose event cannot be written, but not of a mutation', async () => {
    const down = Object.create(hub.prisma, {
      $queryRawUnsafe: { value: () => Promise.reject(new Error('database down')) },
    }) as PrismaClient;
    const query = await run('{ resident(id: 1) }', {}, context(tasks.population, down));
    expect(query.status).toBe(500);
    expect(query.data).toBeUndefined();
    expect(query.errors).toEqual([
      { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
    const mutation = await run('mutation { record(id: 1) }', {}, context(tasks.population, down));
    expect(mutation.data).toEqual({ record: '张*' });
  });

  it('leaves a valid chain', async () => {
    await linkAuditEvents(hub.prisma);
    expect(await verifyAuditChain(hub.prisma)).toEqual({ ok: true, events: 6, unlinked: 0 });
  });

  it('classifies outcomes by error codes', () => {
    const error = (code: string) => ({ message: 'x', extensions: { code } });
    expect(auditOutcome({ data: { a: 1 } })).toBe('OK');
    expect(auditOutcome({ data: { a: 1, b: null }, errors: [error('FORBIDDEN')] })).toBe('PARTIAL');
    expect(
      auditOutcome({ data: { a: null }, errors: [error('NOT_FOUND'), error('PURPOSE_REQUIRED')] }),
    ).toBe('DENIED');
    expect(
      auditOutcome({ data: null, errors: [error('FORBIDDEN'), error('INTERNAL_SERVER_ERROR')] }),
    ).toBe('ERROR');
    expect(auditOutcome({ errors: [error('GRAPHQL_VALIDATION_FAILED')] })).toBe('ERROR');
  });
});
