import { dimensionRegistry, measureRegistry } from '../../src/modules/report/registry.js';

const protection = {
  count: 'perturbed',
  mean: 'shown in released cells',
  extreme: 'refused',
} as const;

/** The README's table of report dimensions and measures, rendered from the registry. */
export function registryTable(): string {
  const dims = Object.entries(dimensionRegistry).map(
    ([name, d]) =>
      `| dimension | \`${name}\` | ${d.label} | ${d.description} | ${d.attribute ? 'attribute of people: dominance rule' : '—'} |`,
  );
  const measures = Object.entries(measureRegistry).map(
    ([name, m]) =>
      `| measure | \`${name}\` | ${m.label ?? '(per dataset)'} | ${m.description} | ${protection[m.kind]} |`,
  );
  return [
    '| | name | label | meaning | under disclosure control |',
    '|---|---|---|---|---|',
    ...dims,
    ...measures,
  ].join('\n');
}
