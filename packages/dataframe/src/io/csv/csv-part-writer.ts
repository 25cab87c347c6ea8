/** CSV part files: a header line, then the rows formatted batch by batch (write-csv.ts). */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { WriteFormat } from '../part-writer.js';
import { csvHeader, formatCsvRows } from './write-csv.js';

export const csvPartWriter: WriteFormat = {
  ext: 'csv',
  open(path, fields, opts) {
    const fd = openSync(path, 'w');
    let closed = false;
    writeSync(fd, csvHeader(fields, opts.delimiter));
    return {
      write(columns, length) {
        if (length > 0) writeSync(fd, formatCsvRows(columns, length, opts.delimiter));
      },
      finish() { closeSync(fd); closed = true; },
      abort() { if (!closed) closeSync(fd); closed = true; },
    };
  },
};
