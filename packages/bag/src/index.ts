/**
 * Bags: lazy, partitioned collections of plain JS values (text lines, JSON records) on floe's
 * scheduler — what Dask's bags are.
 *
 *   import { bag as db } from 'floe';
 *   await db.readNdjson('events/*.jsonl').pluck('path').frequencies().topk(10, ([, n]) => n).compute();
 */
export { Bag, type ShuffleOptions } from './api/bag.js';
export { Item } from './api/item.js';
export { fromSequence, type FromSequenceOptions } from './api/from-sequence.js';
export { readText, readNdjson, type ReadTextOptions, type ReadNdjsonOptions } from './api/read-text.js';
export type { BagComputeOptions } from './api/run-bag.js';
export type { ToDataFrameOptions } from './api/to-dataframe.js';
