/**
 * PostgreSQL's own CPU, for "PostgreSQL CPU per request": the user + system time of every process
 * of the local PostgreSQL server (postmaster, backends, WAL writer, checkpointer, autovacuum), from
 * /proc. A backend that exits between two readings is not lost: once the postmaster reaps it, its
 * time is in the postmaster's cutime/cstime, which are counted too. The systems' rounds run one
 * at a time, so the difference over a round is what that system's requests cost the database,
 * plus whatever background work (autovacuum, checkpoints) fell into it.
 *
 * Only for a PostgreSQL on this machine (BENCH_PG_URL on 127.0.0.1 or a socket); elsewhere, or
 * without /proc, it reads 0 and the results say "—".
 */
import { readdirSync, readFileSync } from 'node:fs';

interface Proc {
  pid: number;
  ppid: number;
  /** utime + stime, and cutime + cstime, in ms (clock ticks of 10 ms). */
  own: number;
  children: number;
}

function read(pid: number): (Proc & { comm: string }) | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      pid,
      comm,
      ppid: Number(f[1]),
      own: (Number(f[11]) + Number(f[12])) * 10,
      children: (Number(f[13]) + Number(f[14])) * 10,
    };
  } catch {
    return null; // gone meanwhile
  }
}

/** Milliseconds of CPU the local PostgreSQL server has used (0 when none is found). */
export function postgresCpuMs(): number {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  const procs = entries
    .filter((e) => /^\d+$/.test(e))
    .map((e) => read(Number(e)))
    .filter((p): p is Proc & { comm: string } => p !== null && p.comm.startsWith('postgres'));
  const pids = new Set(procs.map((p) => p.pid));
  let total = 0;
  for (const p of procs) {
    total += p.own;
    // The postmaster (its parent is not PostgreSQL): the time of its exited children too.
    if (!pids.has(p.ppid)) total += p.children;
  }
  return total;
}
