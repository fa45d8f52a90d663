import type { Command } from 'commander';
import { runAdmin, say } from './admin.js';
import { formatTable } from './table.js';

/** `onetable sections` and `onetable communities`: the codes other commands take. */
export function registerDirectoryCommands(program: Command) {
  program
    .command('sections')
    .description('list the section codes (for token, apikey create and grants)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const sections = await runAdmin('section.list');
      if (options.json) return say(JSON.stringify(sections, null, 2));
      say(
        formatTable(
          ['CODE', 'LEVEL', 'NAME'],
          sections.map((s) => [s.code, s.level, s.name]),
        ),
      );
    });

  program
    .command('communities')
    .description('list the community codes (for import --community and reports)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const communities = await runAdmin('community.list');
      if (options.json) return say(JSON.stringify(communities, null, 2));
      say(
        formatTable(
          ['CODE', 'KIND', 'SUBDISTRICT', 'NAME'],
          communities.map((c) => [c.code, c.kind, c.subdistrict, c.name]),
        ),
      );
    });
}
