import { headings, type FieldName, type ImportKind } from './fields.js';
import {
  householdLine,
  type HouseholdLine,
  residentLine,
  type ResidentLine,
  Row,
  type RowError,
  serviceLine,
  type ServiceLine,
  tagLine,
  type TagLine,
} from './validate.js';

export interface ValidLines {
  residents: ResidentLine[];
  households: HouseholdLine[];
  services: ServiceLine[];
  tags: TagLine[];
}

/**
 * Checks every data line of a file of one kind. A resident's ID number given twice in one
 * file is an error on the later line (naming the earlier line, not the number).
 */
export function validateLines(
  kind: ImportKind,
  records: Iterable<{ line: number; values: Partial<Record<FieldName, string>> }>,
  labels: Partial<Record<FieldName, string>> = {},
) {
  const lines: ValidLines = { residents: [], households: [], services: [], tags: [] };
  const errors: RowError[] = [];
  const firstLine = new Map<string, number>();
  let count = 0;
  for (const record of records) {
    count++;
    const row = new Row(record.line, record.values, labels);
    if (kind === 'residents') {
      const line = residentLine(row);
      const earlier = line && firstLine.get(line.idNumber);
      if (line && earlier !== undefined)
        row.fail('idNumber', `the same ID number is on line ${earlier}`);
      else if (line) {
        firstLine.set(line.idNumber, line.line);
        lines.residents.push(line);
      }
    } else if (kind === 'households') {
      const line = householdLine(row);
      if (line) lines.households.push(line);
    } else if (kind === 'services') {
      const line = serviceLine(row);
      if (line) lines.services.push(line);
    } else {
      const line = tagLine(row);
      if (line) lines.tags.push(line);
    }
    errors.push(...row.errors);
  }
  return { lines, errors, count };
}

/** The heading a field is reported under. */
export const headingOf = (field: FieldName) => headings[field][0];
