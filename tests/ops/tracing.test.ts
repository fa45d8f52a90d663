import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServe, stop } from '../support/cli.js';
import { createTestDatabase, testDatabaseKinds } from '../support/databases.js';
import { jwtSecretText } from '../support/hub.js';
import { tokenFor } from '../support/hub.js';
import { type ReceivedSpan, startOtlpReceiver } from './otlp-receiver.js';

const query = `query Residents($first: Int) { residents(first: $first) { edges { node { name idNumber } } } }`;

/** Traces of a real `onetable serve` exported to a receiver in the test: HTTP → GraphQL → database. */
describe.each(testDatabaseKinds())('OpenTelemetry traces (%s)', (kind) => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  });

  it(
    'exports spans with parent/child relations and no personal data',
    { timeout: 180_000 },
    async () => {
      const receiver = await startOtlpReceiver();
      cleanup.push(() => receiver.close());
      const dataDir = await mkdtemp(path.join(tmpdir(), 'onetable-otel-'));
      cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
      const env: Record<string, string> = {
        ONETABLE_DATA_DIR: dataDir,
        ONETABLE_DEMO_RESIDENTS: '20',
        ONETABLE_JWT_SECRET: jwtSecretText,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      };
      if (kind === 'postgres') {
        const database = await createTestDatabase('postgres');
        cleanup.push(() => database.drop());
        if (database.target.kind === 'postgres') env.DATABASE_URL = database.target.url;
      }
      const served = await startServe(env);
      cleanup.push(() => (served.child.exitCode === null ? stop(served.child) : Promise.resolve()));
      const res = await fetch(served.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await tokenFor('street:310106001')}`,
          'x-purpose': 'T2026-001',
        },
        body: JSON.stringify({ query, variables: { first: 10 } }),
      });
      const body = (await res.json()) as {
        data: { residents: { edges: Array<{ node: { name: string; idNumber: string } }> } };
      };
      const people = body.data.residents.edges.map((e) => e.node);
      expect(people.length).toBeGreaterThan(0);
      // The batch processor sends what it holds when the server stops.
      expect(await stop(served.child)).toBe(0);

      const graphql = receiver.spans.filter((s) => s.name === 'graphql');
      expect(graphql.length).toBe(1);
      const span = graphql[0]!;
      const byId = new Map(receiver.spans.map((s) => [s.spanId, s]));
      const http = byId.get(span.parentSpanId ?? '');
      expect(http?.name).toBe('HTTP POST');
      expect(http?.kind).toBe(2); // SERVER
      const attribute = (s: ReceivedSpan | undefined, key: string) =>
        s?.attributes?.find((a) => a.key === key)?.value;
      expect(attribute(http, 'http.route')).toEqual({ stringValue: 'graphql' });
      expect(attribute(span, 'graphql.operation.name')).toEqual({ stringValue: 'Residents' });
      const statements = receiver.spans.filter(
        (s) => s.name.startsWith('db ') && s.parentSpanId === span.spanId,
      );
      expect(statements.length).toBeGreaterThan(0);
      expect(statements.every((s) => s.traceId === span.traceId)).toBe(true);
      const exported = receiver.bodies.join('\n');
      for (const person of people) {
        expect(exported).not.toContain(person.name);
        expect(exported).not.toContain(person.idNumber.slice(0, 14));
      }
    },
  );
});
