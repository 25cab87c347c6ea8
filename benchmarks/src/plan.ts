/**
 * The measurement plan: which (query, input, contenders) cells the suite runs, in order.
 * Inputs are generated (or found in the cache) while planning, before anything is measured.
 *
 *   seed     groupBy(year) over every scale-series size; groupBy(month) at the reference size
 *   strings  groupBy(id1), groupBy(id2), groupBy(id3) over the string-key data
 *   filter   filter + projection written with writeCsv (the CLI has no write command)
 *   cap      the baseline and floe under the same --max-old-space-size, seed (ref size) and id3
 */
import { cappedContenders, standardContenders, supports, type Contender } from './contenders/catalog.js';
import type { Section, SuiteConfig } from './config.js';
import { seedDataset, stringsDataset, type Dataset } from './data/datasets.js';
import { QUERIES, type QuerySpec } from './queries.js';

export interface Cell {
  section: Section;
  query: QuerySpec;
  dataset: Dataset;
  contenders: Contender[];
  /** Part of the seed scale series (the charts and the flat-memory target read these). */
  scale: boolean;
}

export function planCells(cfg: SuiteConfig, cores: number, dataRoot: string, log: (msg: string) => void): Cell[] {
  const keep = (list: Contender[]): Contender[] =>
    cfg.contenders === null ? list : list.filter((c) => cfg.contenders!.some((p) => c.id.startsWith(p)));
  const standard = keep(standardContenders(cores));
  const capped = keep(cappedContenders(cores, cfg.capMB));
  const forQuery = (list: Contender[], q: QuerySpec): Contender[] => list.filter((c) => supports(c, q));

  const seedCache = new Map<number, Dataset>();
  const seed = (gb: number): Dataset => {
    if (!seedCache.has(gb)) seedCache.set(gb, seedDataset(dataRoot, gb, log));
    return seedCache.get(gb)!;
  };
  let stringsData: Dataset | null = null;
  const strings = (): Dataset => (stringsData ??= stringsDataset(dataRoot, cfg.stringsRows, log));

  const cells: Cell[] = [];
  const add = (section: Section, query: QuerySpec, dataset: Dataset, list: Contender[], scale = false): void => {
    const contenders = forQuery(list, query);
    if (contenders.length > 0) cells.push({ section, query, dataset, contenders, scale });
  };
  if (cfg.sections.has('seed')) {
    for (const gb of cfg.sizes) add('seed', QUERIES.seedYear, seed(gb), standard, true);
    add('seed', QUERIES.seedMonth, seed(cfg.refSize), standard);
  }
  if (cfg.sections.has('strings')) {
    for (const q of [QUERIES.stringsId1, QUERIES.stringsId2, QUERIES.stringsId3]) add('strings', q, strings(), standard);
  }
  if (cfg.sections.has('filter')) add('filter', QUERIES.filterWrite, strings(), standard);
  if (cfg.sections.has('cap')) {
    add('cap', QUERIES.seedYear, seed(cfg.refSize), capped);
    add('cap', QUERIES.stringsId3, strings(), capped);
  }
  return cells;
}
