/**
 * NDJSON part files: one JSON object a row, keys in column order. Values as floe prints them in
 * JSON: timestamps and dates as their CSV text (microseconds kept), int64 beyond 2^53 with every
 * digit, NaN and ±Infinity (which JSON cannot hold) as null. Rows are encoded by the write tasks,
 * in parallel — `floe … --format json` only copies the parts' text.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Column } from '../../kernels/column.js';
import { formatDate, formatTimestamp } from '../../kernels/civil-time.js';
import type { WriteFormat } from '../part-writer.js';

/** Text gathered before a write. */
const FLUSH_CHARS = 1 << 20;

export const ndjsonPartWriter: WriteFormat = {
  open(path, fields) {
    const fd = openSync(path, 'w');
    let closed = false;
    const keys = fields.map((f, k) => `${k === 0 ? '{' : ','}${JSON.stringify(f.name)}:`);
    let pending: string[] = [];
    let size = 0;
    const flush = (): void => {
      if (pending.length === 0) return;
      const bytes = Buffer.from(pending.join(''));
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
      pending = [];
      size = 0;
    };
    return {
      write(columns, length) {
        const cells = columns.map(jsonCell);
        for (let i = 0; i < length; i++) {
          let line = '';
          for (let k = 0; k < cells.length; k++) line += keys[k] + cells[k](i);
          line += cells.length === 0 ? '{}\n' : '}\n';
          pending.push(line);
          size += line.length;
          if (size >= FLUSH_CHARS) flush();
        }
      },
      finish() { flush(); closeSync(fd); closed = true; },
      abort() { if (!closed) closeSync(fd); closed = true; },
    };
  },
};

/** The JSON text of a column's row i. */
function jsonCell(c: Column): (i: number) => string {
  const { values, valid } = c;
  const text = ((): (i: number) => string => {
    switch (c.dtype) {
      case 'string': {
        const dict = c.dict!;
        const codes = values as Int32Array;
        return (i) => JSON.stringify(dict[codes[i]]);
      }
      case 'bool': return (i) => (values[i] === 1 ? 'true' : 'false');
      case 'timestamp': return (i) => `"${formatTimestamp(Number(values[i]))}"`;
      case 'date': return (i) => `"${formatDate(Number(values[i]))}"`;
      default: return (i) => {
        const v = values[i];
        return typeof v === 'bigint' || Number.isFinite(v) ? String(v) : 'null';
      };
    }
  })();
  return valid === null ? text : (i) => (valid[i] === 0 ? 'null' : text(i));
}
