import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultProfiles } from '../../src/access/default-grants.js';
import { personalFieldNames } from '../../src/access/fields.js';

const short = { FULL: 'F', MASKED: 'M', AGGREGATE: 'A', NONE: '–' } as const;
const tags = ['ELDERLY_ALONE', 'DISABILITY', 'LOW_INCOME', 'KEY_CARE'];

/** The README's grant table, rendered from the default matrix the seed installs. */
function grantTable(): string {
  const rows = [...personalFieldNames(), ...tags.map((t) => `Tag.${t}`)];
  const profiles = defaultProfiles();
  const sections = Object.keys(profiles);
  const header = `| field | ${sections.join(' | ')} |\n|---|${sections.map(() => '---').join('|')}|`;
  const body = rows.map(
    (row) => `| ${row} | ${sections.map((s) => short[profiles[s]![row] ?? 'NONE']).join(' | ')} |`,
  );
  return [header, ...body].join('\n');
}

describe('the README', () => {
  it('shows the default grant matrix exactly as the seed installs it', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme, `README.md should contain:\n${grantTable()}`).toContain(grantTable());
  });
});
