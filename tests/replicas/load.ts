import { decodeGlobalID } from '@pothos/plugin-relay';
import { purpose } from '../support/scenario.js';

/** What a request through the load balancer (or to one replica) got, and which replica answered. */
export async function post(url: string, credential: string, query: string, variables = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${credential}`,
      'x-purpose': purpose,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json().catch(() => ({}))) as { data?: any; errors?: any[] };
  return { status: res.status, replica: res.headers.get('x-replica'), ...body };
}

export interface LoadRun {
  requests: number;
  /** Row ids of the service records whose write was answered 200 without errors. */
  acked: number[];
  failed: number;
  failures: Record<string, number>;
  survivorAfterKill: number;
  lastReplicas: Array<string | null>;
}

const visit = `mutation($i: RecordServiceInput!) { recordService(input: $i) { id } }`;

/**
 * Concurrent workers record home visits (走访) through the load balancer; after `killAfter`
 * acknowledged writes `kill` runs, and the run ends once `stopAfter` more are acknowledged.
 */
export async function homeVisits(
  url: string,
  options: {
    resident: string;
    credential: (worker: number) => Promise<string>;
    workers: number;
    killAfter: number;
    stopAfter: number;
    kill: () => void;
  },
): Promise<LoadRun> {
  const run: LoadRun = {
    requests: 0,
    acked: [],
    failed: 0,
    failures: {},
    survivorAfterKill: 0,
    lastReplicas: [],
  };
  let killedAt: number | undefined;
  const done = () => killedAt !== undefined && run.acked.length >= killedAt + options.stopAfter;
  async function worker(n: number) {
    const credential = await options.credential(n);
    while (!done() && run.requests < 2000) {
      run.requests += 1;
      const answer = await post(url, credential, visit, {
        i: {
          resident: options.resident,
          kind: 'HOME_VISIT',
          occurredAt: new Date().toISOString(),
          notes: `负载 ${n}`,
        },
      }).catch(() => ({ status: 0, replica: null, errors: undefined, data: undefined }));
      if (answer.status === 200 && !answer.errors && answer.data?.recordService) {
        run.acked.push(Number(decodeGlobalID(answer.data.recordService.id as string).id));
        run.lastReplicas.push(answer.replica);
        if (killedAt !== undefined && answer.replica === 'b') run.survivorAfterKill += 1;
      } else {
        run.failed += 1;
        const key = String(answer.status);
        run.failures[key] = (run.failures[key] ?? 0) + 1;
      }
      if (killedAt === undefined && run.acked.length >= options.killAfter) {
        killedAt = run.acked.length;
        options.kill();
      }
    }
  }
  await Promise.all(Array.from({ length: options.workers }, (_, n) => worker(n)));
  return run;
}
