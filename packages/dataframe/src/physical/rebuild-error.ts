/**
 * Errors from partition tasks arrive as data; data errors become real CsvError instances again
 * (so `err instanceof CsvError` holds), keeping the worker's stack.
 */
import { dataToError, type ErrorData } from '@floe/scheduler';
import { CsvError } from '../io/csv/csv-error.js';

export function rebuildError(data: ErrorData): Error {
  const plain = dataToError(data);
  if (data.name !== 'CsvError') return plain;
  const p = data.props as Record<string, string | number | undefined>;
  const err = new CsvError(String(p.problem ?? data.message), {
    file: p.file as string | undefined,
    line: p.line as number | undefined,
    column: p.column as string | undefined,
    value: p.value as string | undefined,
    offset: p.offset as number | undefined,
    hint: p.hint as string | undefined,
    widenTo: p.widenTo as string | undefined,
  });
  err.stack = plain.stack;
  return err;
}
