/**
 * The CSV encoder's loop over rows, one straight-line function per column count (and kind of
 * delimiter), generated on first use and cached: each column's writer is called from a call
 * site of its own, so the compiler sees one kind of writer there batch after batch and inlines it. A
 * single loop over the columns calls every writer from one site — a dynamic call a field
 * (~10 ns), and none of the writers' bodies inlined.
 *
 * Only numbers are spliced into the generated source (column indexes); never data.
 */
import type { ByteBuffer } from './csv-encoder.js';
import type { FieldWriter } from './field-writers.js';

/**
 * Writes rows [0, n) of the columns: writers[k] for column k, valids[k] its validity (a null field
 * is left empty); `delim` between fields, '\n' after each row. `ends` (the loops made with
 * `withEnds` only): where each row ends, in all the bytes `out` has taken (flushed + pos).
 */
export type RowLoop = (writers: readonly FieldWriter[], valids: readonly (Uint8Array | null)[], n: number, out: ByteBuffer, delim: Buffer, ends: Int32Array | null) => void;

const cache = new Map<string, RowLoop>();

export function rowLoop(columns: number, singleByteDelimiter: boolean, withEnds = false): RowLoop {
  const key = `${columns}${singleByteDelimiter ? 's' : 'm'}${withEnds ? 'e' : ''}`;
  let f = cache.get(key);
  if (f === undefined) {
    f = new Function('writers', 'valids', 'n', 'out', 'delim', 'ends', source(columns, singleByteDelimiter, withEnds)) as RowLoop;
    cache.set(key, f);
  }
  return f;
}

function source(columns: number, single: boolean, withEnds: boolean): string {
  const lines: string[] = [];
  for (let k = 0; k < columns; k++) lines.push(`const w${k} = writers[${k}]; const v${k} = valids[${k}];`);
  lines.push('const d = delim[0]; const dl = delim.length;');
  lines.push('for (let i = 0; i < n; i++) {');
  for (let k = 0; k < columns; k++) {
    lines.push(`  if (v${k} === null || v${k}[i] !== 0) w${k}.write(i);`);
    if (k === columns - 1) lines.push(`  out.room(1); out.buf[out.pos++] = 10;${withEnds ? ' ends[i] = out.flushed + out.pos;' : ''}`);
    else if (single) lines.push('  out.room(1); out.buf[out.pos++] = d;');
    else lines.push('  out.room(dl); delim.copy(out.buf, out.pos); out.pos += dl;');
  }
  lines.push('}');
  return lines.join('\n');
}
