/**
 * readText(paths) — one element per line (without its newline) — and readNdjson(paths) — one
 * parsed value per line. Files are split into byte ranges of `blocksize` at line boundaries;
 * a .gz file is one partition, streamed through node:zlib. Lists and sizes the files now (so a
 * missing file fails here, at the call that created the bag); reads nothing else.
 */
import { listFiles, parseByteSize } from '@floe/dataframe';
import { newNodeId } from '../graph/bag-node.js';
import type { OnBadLines } from '../graph/spec.js';
import { DEFAULT_BLOCKSIZE, planRanges } from '../io/plan-ranges.js';
import { Bag } from './bag.js';

export interface ReadTextOptions {
  /** Bytes per partition of an uncompressed file, e.g. `'64MB'` (default 64 MiB). */
  blocksize?: number | string;
}

export interface ReadNdjsonOptions extends ReadTextOptions {
  /** A line that is not valid JSON: an error naming file and line (default), dropped, or dropped with one warning at the end. Blank lines are always skipped. */
  onBadLines?: OnBadLines;
}

export function readText(paths: string | readonly string[], options: ReadTextOptions = {}): Bag<string> {
  return textBag(paths, options, null, 'readText', 'read-text');
}

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON has no static shape; `readNdjson<Event>(…)` types it, and the default lets `(e) => e.status` read as the README's examples do
export function readNdjson<T = any>(paths: string | readonly string[], options: ReadNdjsonOptions = {}): Bag<T> {
  const onBadLines = options.onBadLines ?? 'error';
  if (!['error', 'skip', 'warn'].includes(onBadLines)) throw new Error(`readNdjson(): onBadLines must be 'error', 'skip' or 'warn', got ${JSON.stringify(onBadLines)}`);
  return textBag(paths, options, { onBadLines }, 'readNdjson', 'read-ndjson');
}

function textBag<T>(paths: string | readonly string[], options: ReadTextOptions, json: { onBadLines: OnBadLines } | null, caller: string, name: string): Bag<T> {
  const blocksize = options.blocksize === undefined ? DEFAULT_BLOCKSIZE : parseByteSize(options.blocksize);
  const ranges = planRanges(listFiles(paths, { verb: caller, exts: null }), blocksize);
  return new Bag<T>({
    id: newNodeId(),
    name,
    npartitions: ranges.length,
    sources: () => ranges.map((r) => ({ kind: 'text', path: r.path, start: r.start, end: r.end, gzip: r.gzip, json })),
    steps: [],
    local: false,
    bytes: ranges.map((r) => r.end - r.start),
    keep: [],
  });
}
