/**
 * The query's memory budget: what exchanges, sorts and aggregate buckets may hold before they
 * spill. `compute({ memoryLimit: '1GB' })` sets it; the default is an eighth of the machine's
 * RAM, at least 256 MiB and at most 512 MiB (process overhead, the result itself and the
 * workers' scan buffers come on top).
 */
import { totalmem } from 'node:os';
import { parseByteSize } from '../io/csv/partitions.js';

export function memoryBudget(limit: number | string | undefined): number {
  if (limit === undefined) return Math.min(512 * 1024 ** 2, Math.max(256 * 1024 ** 2, Math.floor(totalmem() / 8)));
  const bytes = parseByteSize(limit);
  if (!(bytes > 0)) throw new RangeError(`memoryLimit must be a positive size, got ${JSON.stringify(limit)}`);
  return bytes;
}

/**
 * Whether rows read from `bytes` of CSV can be sorted whole on the driver: held rows, their
 * concatenation and the sorted copy, with strings' dictionaries, take several times the CSV.
 */
export function sortFitsInMemory(bytes: number, budget: number): boolean {
  return bytes * 6 <= budget;
}
