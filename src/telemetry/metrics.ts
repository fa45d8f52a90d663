import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The hub's Prometheus metrics, one registry per process (each replica is scraped on its own).
 * Labels take values from closed sets only — operation names of schema/operations/, error codes,
 * route names — so no label can carry a name, an ID number or any other client-chosen text.
 */
export const registry = new Registry();
// Node's own: CPU, memory, event-loop delay (the hub is bound by Node CPU, see Benchmarks), GC.
collectDefaultMetrics({ register: registry });

const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const graphqlRequests = new Counter({
  name: 'onetable_graphql_requests_total',
  help: 'GraphQL requests by operation (a name of schema/operations/, "other" or "anonymous") and outcome code (OK or the first error code)',
  labelNames: ['operation', 'code'] as const,
  registers: [registry],
});

export const graphqlDuration = new Histogram({
  name: 'onetable_graphql_request_duration_seconds',
  help: 'GraphQL request latency from the request to the response, by operation',
  labelNames: ['operation'] as const,
  buckets: seconds,
  registers: [registry],
});

export const httpRequests = new Histogram({
  name: 'onetable_http_request_duration_seconds',
  help: 'HTTP request latency by route (graphql, web, probes, other) and status class',
  labelNames: ['route', 'status'] as const,
  buckets: seconds,
  registers: [registry],
});

export const auditAppend = new Histogram({
  name: 'onetable_audit_append_duration_seconds',
  help: 'Latency of one audit append statement (a group commit of concurrent requests)',
  buckets: seconds,
  registers: [registry],
});

export const auditAppendEvents = new Counter({
  name: 'onetable_audit_events_appended_total',
  help: 'Audit events appended (committed; the linker chains them right after)',
  registers: [registry],
});

export const auditEventsInRead = new Counter({
  name: 'onetable_audit_events_in_read_total',
  help: "Audit events inserted by a compiled read's own statement (counted in onetable_audit_events_appended_total too)",
  registers: [registry],
});

export const compiledAuditMismatches = new Counter({
  name: 'onetable_compiled_audit_mismatches_total',
  help: "Compiled reads whose audit event in SQL differed from the answer (a bug; the answer's event was appended too)",
  registers: [registry],
});

export const rateLimitRefusals = new Counter({
  name: 'onetable_rate_limit_refusals_total',
  help: 'Requests refused with 429: failed credentials of a client address, or a principal over its budget',
  labelNames: ['limit'] as const,
  registers: [registry],
});

/** A connection pool as pg exposes it. */
export interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

const pools = new Map<string, PoolLike>();

/** Reports a pool's connections (total, idle, waiting) under `pool="<name>"` while it lives. */
export function watchPool(name: string, pool: PoolLike): void {
  pools.set(name, pool);
}

export function unwatchPool(name: string, pool: PoolLike): void {
  if (pools.get(name) === pool) pools.delete(name);
}

new Gauge({
  name: 'onetable_db_pool_connections',
  help: 'Database pool connections by pool (requests, system) and state (total, idle, waiting clients)',
  labelNames: ['pool', 'state'] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const [name, pool] of pools) {
      this.set({ pool: name, state: 'total' }, pool.totalCount);
      this.set({ pool: name, state: 'idle' }, pool.idleCount);
      this.set({ pool: name, state: 'waiting' }, pool.waitingCount);
    }
  },
});

export const draining = new Gauge({
  name: 'onetable_draining',
  help: '1 once SIGTERM was received and the server refuses new requests, else 0',
  registers: [registry],
});

export const inFlight = new Gauge({
  name: 'onetable_http_requests_in_flight',
  help: 'Requests admitted and not yet answered (what a SIGTERM waits for)',
  registers: [registry],
});

export const auditLinked = new Counter({
  name: 'onetable_audit_events_linked_total',
  help: 'Audit events put into the hash chain by the linker',
  registers: [registry],
});

export const compiledPlans = new Counter({
  name: 'onetable_compiled_plans_total',
  help: 'Read plans made: at start (the operations of schema/operations/) or on first use of another document; compiled=false when the operation runs on graphql-js',
  labelNames: ['when', 'compiled'],
  registers: [registry],
});
