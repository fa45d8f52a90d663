import { badInput } from '../../../errors.js';
import type { Dataset, DatasetDefinition } from './common.js';
import { hotlineCases } from './hotline-cases.js';
import { households } from './households.js';
import { residents } from './residents.js';
import { serviceRecords } from './service-records.js';

/** Every report dataset, by its ReportDataset name. */
export const datasets: Record<Dataset, DatasetDefinition> = {
  RESIDENTS: residents,
  HOUSEHOLDS: households,
  SERVICE_RECORDS: serviceRecords,
  HOTLINE_CASES: hotlineCases,
};

export function datasetOf(name: string): DatasetDefinition {
  const definition = (datasets as Record<string, DatasetDefinition | undefined>)[name];
  if (!definition) throw badInput('dataset', `unknown dataset ${name}`);
  return definition;
}
