/** CSV part files: a header line, then the rows encoded batch by batch into one reused buffer (csv-encoder.ts). */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { WriteFormat } from '../part-writer.js';
import { ByteBuffer, encodeCsvRows } from './csv-encoder.js';
import { csvHeader } from './write-csv.js';

export const csvPartWriter: WriteFormat = {
  open(path, fields, opts) {
    const fd = openSync(path, 'w');
    let closed = false;
    const out = new ByteBuffer((bytes) => writeAll(fd, bytes));
    out.text(csvHeader(fields, opts.delimiter));
    return {
      write(columns, length) {
        if (length > 0) encodeCsvRows(columns, length, opts.delimiter, out);
      },
      finish() { out.flush(); closeSync(fd); closed = true; },
      abort() { if (!closed) closeSync(fd); closed = true; },
    };
  },
};

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
}
