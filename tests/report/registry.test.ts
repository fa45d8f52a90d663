import { readFileSync } from 'node:fs';
import type { GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  ageBands,
  dimensionRegistry,
  householdSizes,
  measureRegistry,
} from '../../src/modules/report/registry.js';
import { registryTable } from './registry-table.js';
import { schema } from '../../src/schema.js';

describe('the report registry', () => {
  it('is what the GraphQL enums offer, bands included', () => {
    const values = (name: string) => (schema.getType(name) as GraphQLEnumType).getValues();
    expect(
      values('ReportDimension')
        .map((v) => v.name)
        .sort(),
    ).toEqual(Object.keys(dimensionRegistry).sort());
    expect(
      values('ReportMeasure')
        .map((v) => v.name)
        .sort(),
    ).toEqual(Object.keys(measureRegistry).sort());
    expect(values('AgeBand').map((v) => v.value)).toEqual([
      '0-17',
      '18-34',
      '35-59',
      '60-69',
      '70-79',
      '80+',
    ]);
    expect(ageBands.map((b) => b.name)).toEqual([
      'AGE_0_17',
      'AGE_18_34',
      'AGE_35_59',
      'AGE_60_69',
      'AGE_70_79',
      'AGE_80_PLUS',
    ]);
    expect(values('HouseholdSize').map((v) => v.value)).toEqual(householdSizes.map((b) => b.value));
    expect(householdSizes.map((b) => b.value)).toEqual(['1', '2', '3', '4', '5+']);
  });

  it("is the README's table of dimensions and measures", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme, `README.md should contain:\n${registryTable()}`).toContain(registryTable());
  });
});
