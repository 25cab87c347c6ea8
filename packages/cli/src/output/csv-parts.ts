/**
 * A CSV result streamed without being held: the query writes its part files (writeCsv: out of
 * core, in order) into a folder of their own, and their text is read back in pieces, one header
 * for all, into wherever the result goes (stdout, a pipe, one file). Computed whole and printed,
 * `floe sort big/ --by x > sorted.csv` held ~8–10× its input in memory whatever --memory-limit said.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { tempFolderIn, type OutputTarget } from './write-output.js';

/** Bytes read from a part file at a time. */
const PIECE = 1 << 20;

/**
 * A new folder for the parts: beside the result file (the same disk), else where floe spills
 * (FLOE_SPILL_DIR, the system's temporary folder). A hidden `.floe-tmp-…` folder (io/temp-dir.ts):
 * removed however the process ends — `floe sort big/ | head -2` exits on the closed pipe, and
 * its parts (99 MB) stayed behind — and swept by a later run if the process was killed.
 */
export function partsFolder(target: OutputTarget): string {
  const base = target.kind === 'file' ? dirname(resolve(target.path)) : (process.env.FLOE_SPILL_DIR ?? tmpdir());
  return tempFolderIn(base, target.kind === 'file' ? target.path : 'the result');
}

/** The parts' text in order, the header (every part's first record) once; `header` false: parts without one (NDJSON). */
export function* partsText(files: readonly string[], header = true): Generator<string> {
  const decoder = new StringDecoder('utf8');
  const buf = Buffer.allocUnsafe(PIECE);
  let first: Buffer | null = null;
  for (const [k, file] of files.entries()) {
    const fd = openSync(file, 'r');
    try {
      for (let start = true; ; start = false) {
        const n = readSync(fd, buf, 0, PIECE, null);
        if (n === 0) break;
        let piece = buf.subarray(0, n);
        // the first part's header is the result's; the same first record of a later part is dropped
        if (header && start && k === 0) first = Buffer.from(piece.subarray(0, recordEnd(piece)));
        else if (start && first !== null && piece.subarray(0, first.length).equals(first)) piece = piece.subarray(first.length);
        const text = decoder.write(piece);
        if (text) yield text;
      }
    } finally {
      closeSync(fd);
    }
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** Where the first CSV record of `bytes` ends (after its line feed; a quoted field may hold line feeds). */
function recordEnd(bytes: Uint8Array): number {
  let quoted = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x22) quoted = !quoted;
    else if (b === 0x0a && !quoted) return i + 1;
  }
  return bytes.length;
}

/**
 * NDJSON parts' text as one JSON array (formatJson's text): `[`, the rows separated by `,` and a
 * line feed, `]` — a line feed in the parts only ever ends a row (JSON escapes those in strings).
 */
export function* jsonArrayText(ndjson: Iterable<string>): Generator<string> {
  let started = false;
  let heldLineFeed = false;
  for (const text of ndjson) {
    if (text === '') continue;
    let prefix = started ? '' : '[\n';
    started = true;
    // a row's line feed held back: followed by another row, it separates the two
    if (heldLineFeed) prefix += ',\n';
    heldLineFeed = text.endsWith('\n');
    const rows = heldLineFeed ? text.slice(0, -1) : text;
    yield prefix + rows.replaceAll('\n', ',\n');
  }
  yield started ? '\n]\n' : '[]\n';
}
