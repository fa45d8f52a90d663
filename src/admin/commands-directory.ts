import type { PrismaClient } from '../db/client.js';
import { unknownCodeMessage } from './suggest.js';

/** Codes and names of sections and communities, for `onetable sections` and `onetable communities`. */
export function directoryCommands(AdminCommandError: new (message: string) => Error) {
  return {
    'section.list': async (db: PrismaClient) =>
      db.section.findMany({
        orderBy: { code: 'asc' },
        select: { code: true, name: true, level: true },
      }),

    // Communities carry row-level security: admin commands run as the hub itself (the admin
    // channel runs them as the system; the direct path of the CLI is outside any request).
    'community.list': async (db: PrismaClient) =>
      db.community
        .findMany({
          orderBy: { code: 'asc' },
          select: { code: true, name: true, kind: true, subdistrict: { select: { code: true } } },
        })
        .then((rows) =>
          rows.map((row) => ({
            code: row.code,
            name: row.name,
            kind: row.kind,
            subdistrict: row.subdistrict.code,
          })),
        ),

    /** Throws the operator-facing "unknown section … did you mean" error when the code is unknown. */
    'section.require': async (db: PrismaClient, args: Record<string, unknown>) => {
      const code = typeof args.code === 'string' ? args.code : '';
      const found = await db.section.findUnique({
        where: { code },
        select: { id: true, code: true, name: true, level: true },
      });
      if (found) return found;
      const known = await db.section.findMany({ select: { code: true } });
      throw new AdminCommandError(
        unknownCodeMessage(
          'section',
          code,
          known.map((s) => s.code),
        ),
      );
    },
  };
}
