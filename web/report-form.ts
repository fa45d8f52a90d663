import { useState } from 'react';
import type { Dataset } from './catalogue.js';
import type { Saved } from './share.js';

export type ReportInput = Saved['input'];

const toggle = (list: string[], item: string) =>
  list.includes(item) ? list.filter((x) => x !== item) : [...list, item];

/**
 * The report builder's choices — dataset, dimensions, measures, filters, totals — as the
 * ReportInput the hub takes (`input`), and back from a saved report (`load`).
 */
export function useReportForm() {
  const [dataset, setDataset] = useState<Dataset>('RESIDENTS');
  const [dims, setDims] = useState<string[]>(['COMMUNITY']);
  const [measures, setMeasures] = useState<string[]>(['COUNT']);
  const [bands, setBands] = useState<string[]>([]);
  const [tags, setTags] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [totals, setTotals] = useState(false);

  const input = (): ReportInput => {
    const filter: Record<string, unknown> = {};
    if (bands.length) filter.ageBands = bands;
    const tagList = tags.split(/[,，\s]+/).filter(Boolean);
    if (tagList.length) filter.tags = tagList;
    if (from) filter.from = from;
    if (to) filter.to = to;
    return {
      dataset,
      dimensions: dims,
      measures,
      totals,
      ...(Object.keys(filter).length ? { filter } : {}),
    };
  };
  const load = (saved: ReportInput) => {
    setDataset(saved.dataset);
    setDims(saved.dimensions);
    setMeasures(saved.measures);
    setTotals(Boolean(saved.totals));
    const f = saved.filter ?? {};
    setBands((f.ageBands as string[]) ?? []);
    setTags(((f.tags as string[]) ?? []).join(','));
    setFrom((f.from as string) ?? '');
    setTo((f.to as string) ?? '');
  };
  /** Another dataset starts from its first place and a count (other choices may not exist there). */
  const chooseDataset = (d: Dataset) => {
    setDataset(d);
    setDims(['COMMUNITY']);
    setMeasures(['COUNT']);
  };
  /** The chosen items of a list, and flipping one. */
  const lists = {
    dims: { chosen: dims, flip: (item: string) => setDims(toggle(dims, item)) },
    measures: { chosen: measures, flip: (item: string) => setMeasures(toggle(measures, item)) },
    bands: { chosen: bands, flip: (item: string) => setBands(toggle(bands, item)) },
  };
  return {
    dataset,
    chooseDataset,
    lists,
    tags,
    setTags,
    from,
    setFrom,
    to,
    setTo,
    totals,
    setTotals,
    input,
    load,
  };
}

export type ReportForm = ReturnType<typeof useReportForm>;
