// Loaded into every benchmarked server with `node --import`: counts the SQL statements the
// process sends through node-postgres (Prisma's adapter-pg, PostGraphile's adaptor and the raw
// baseline all use pg.Client#query) and answers the harness over the IPC channel. When the
// harness goes away (even killed), the channel closes and the server exits: no orphans.
import { createRequire } from 'node:module';
import pg from 'pg';

// The benchmark has a package of its own (bench/package.json): PostGraphile and the raw baseline
// use its copy of pg, OneTable the repository's. Both copies are counted.
const rootPg = createRequire(new URL('../../package.json', import.meta.url))('pg');

let statements = 0;
for (const Client of new Set([pg.Client, rootPg.Client])) {
  const query = Client.prototype.query;
  Client.prototype.query = function countedQuery(...args) {
    statements += 1;
    return query.apply(this, args);
  };
}

if (process.send) {
  process.on('message', (message) => {
    if (message === 'stats') process.send({ statements, rss: process.memoryUsage().rss });
  });
  process.on('disconnect', () => process.exit(0));
  // The IPC channel must not keep an otherwise finished process alive.
  process.channel?.unref();
}
