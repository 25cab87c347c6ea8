/**
 * A file that changed between readCsv() (which planned byte ranges from its size, and types
 * from its samples) and the end of the read: an error naming the file, never a hang on a
 * short read and never an answer computed from a mix of old and new bytes.
 */
import { CsvError } from './csv-error.js';

export interface FileVersion {
  size: number;
  mtimeMs: number;
}

export function fileChanged(path: string, detail: string): CsvError {
  return new CsvError(`file changed while reading: ${detail}`, {
    file: path,
    hint: 'floe reads a file in byte ranges planned when readCsv() opened it; run the query again once the file is no longer being written (call readCsv() again to see its new contents)',
  });
}

/** Throws when `now` differs from the version the plan was made from. */
export function checkUnchanged(path: string, planned: FileVersion | undefined, now: FileVersion): void {
  if (!planned) return;
  if (now.size !== planned.size) throw fileChanged(path, `it was ${planned.size} bytes when the query was planned, now ${now.size}`);
  if (now.mtimeMs !== planned.mtimeMs) {
    throw fileChanged(path, `it was modified at ${new Date(now.mtimeMs).toISOString()}, after the query was planned (${new Date(planned.mtimeMs).toISOString()})`);
  }
}
