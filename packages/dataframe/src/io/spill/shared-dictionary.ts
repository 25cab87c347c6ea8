/**
 * Spilled string columns whose dictionary many chunks share: a sort run's segments all index
 * the scan's dictionary of their worker (100 k ids for a 5 M-row run), so each segment writing
 * and reading its own copy of the entries it uses encoded and decoded about one string per row
 * (db-benchmark q10: ~2 s of a worker's 23). A shared dictionary's entries are written once per
 * spill folder instead, as append-only delta files (where each entry ends and their UTF-8:
 * spill-layout.ts), and a chunk holds only codes and a reference: the files and the number of entries its codes need.
 * A reader decodes each delta once per thread, and the chunks it reads share one array of
 * strings — so merges can rank them once and gathers dedupe by identity.
 *
 * The writer's dictionary only ever grows (ByteDictionary appends; a cleared one is a new
 * array), so entries [0, n) written once stay right for every later chunk. Every delta is written
 * before any reader starts (the exchange's barrier lies between).
 */
import { bytesOf } from '../../kernels/byte-strings.js';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { markReused } from '../../kernels/reused-dictionary.js';
import { readSpillFile, SpillError, writeSpillFile } from './spill-file.js';
import { addStrings, LayoutReader, LayoutWriter, takeStrings } from './spill-layout.js';

/** 'FLDT' read as a little-endian int32, and the layout's version: a delta's header is these, its entries and its bytes. */
const MAGIC = 0x54444c46;
const VERSION = 1;

/** Delta k of `base` is the file `${base}-${k}.dict`, holding entries [ends[k − 1], ends[k]). */
export interface SharedDictRef {
  base: string;
  ends: number[];
}

/** The entries a reference covers: its last delta's end. */
export function dictEntries(ref: SharedDictRef): number {
  return ref.ends.length === 0 ? 0 : ref.ends[ref.ends.length - 1];
}

/** Per spill folder (one per query), the dictionaries written there and their deltas so far. */
const written = new Map<string, WeakMap<readonly string[], SharedDictRef>>();
const MAX_FOLDERS = 4;
let counter = 0;

/**
 * Whether chunks of `rows` rows cut from `dict`'s column, spilled into `dir`, should share it
 * rather than carry their entries: it is reused 4 times over by their rows, or it is shared
 * there already (only entries added since are written: q10's partitions under a 256 MB budget
 * are cut into a run of ~600 k rows and a tail of ~10–80 k, and the tails' segments each carried
 * their own copy of the 100 k ids, so every range merged, ranked and gathered ~280 k strings of
 * ~17 dictionaries).
 */
export function worthSharing(dict: readonly string[] | undefined, rows: number, dir: string): boolean {
  // a dictionary held as bytes (an entry a row, of a column nothing compares) goes with its chunks as it is
  return dict !== undefined && bytesOf(dict) === undefined && (dict.length * 4 <= rows || written.get(dir)?.has(dict) === true);
}

/** Writes `dict`'s entries not yet in `dir` and returns the reference a chunk of its codes holds (its own copy of `ends`). */
export function shareDictionary(dir: string, name: string, dict: readonly string[]): SharedDictRef {
  let folder = written.get(dir);
  if (folder === undefined) {
    if (written.size >= MAX_FOLDERS) written.delete(written.keys().next().value!);
    folder = new WeakMap();
    written.set(dir, folder);
  }
  let ref = folder.get(dict);
  if (ref === undefined) {
    ref = { base: join(dir, `${name}-dict-${process.pid}-${threadId}-${counter++}-${globalThis.crypto.randomUUID().slice(0, 8)}`), ends: [] };
    folder.set(dict, ref);
  }
  const from = dictEntries(ref);
  if (dict.length > from) {
    const entries = dict.slice(from);
    const out = new LayoutWriter();
    const head = Int32Array.of(MAGIC, VERSION, entries.length, 0);
    out.add(head);
    head[3] = addStrings(out, entries);
    writeSpillFile(deltaPath(ref.base, ref.ends.length), out.pieces);
    ref.ends.push(dict.length);
  }
  // this thread reads its own entries back as the array they are in: a third copy of q10's
  // 100 k ids a worker (its scan's, the other worker's read back, its own read back) was marked
  // by every one of its ~70 garbage collections. Marked reused as a loaded one is: this thread's
  // tasks read it again and again (kernels/reused-dictionary.ts)
  if (!loaded.has(ref.base)) remember(ref.base, markReused(dict as string[]));
  return { base: ref.base, ends: ref.ends.slice() };
}

/** Per thread, the entries read so far of each shared dictionary (at most MAX_LOADED entries in all: past that, forgotten and read again). */
const loaded = new Map<string, string[]>();
const MAX_LOADED = 1 << 21;
let loadedEntries = 0;

/** The strings of `ref`'s dictionary, at least its first `count` entries (`ref.ends`' last), read once per thread and shared by every chunk that asks. */
export function sharedDictionary(ref: SharedDictRef): string[] {
  const count = dictEntries(ref);
  let strings = loaded.get(ref.base);
  if (strings === undefined) {
    strings = markReused([]);
    remember(ref.base, strings, count);
  }
  for (let k = ref.ends.findIndex((end) => end > strings.length); k >= 0 && strings.length < count; k++) {
    const from = k === 0 ? 0 : ref.ends[k - 1];
    if (from !== strings.length) throw new SpillError(`spill dictionary ${ref.base}: delta ${k} starts at entry ${from}, ${strings.length} read`);
    const part = readDelta(deltaPath(ref.base, k), ref.ends[k] - from);
    for (let j = 0; j < part.length; j++) strings.push(part[j]);
    loadedEntries += part.length;
  }
  return strings;
}

/** Forgets every dictionary this thread has read or written: it then reads them from their files, as another thread does (tests). */
export function forgetLoadedDictionaries(): void {
  loaded.clear();
  loadedEntries = 0;
}

/** Keeps `strings` as the entries of the dictionary at `base`, making room for `count` of them. */
function remember(base: string, strings: string[], count = strings.length): void {
  if (loadedEntries + count > MAX_LOADED) { loaded.clear(); loadedEntries = 0; }
  loaded.set(base, strings);
  loadedEntries += strings.length;
}

function readDelta(path: string, n: number): string[] {
  const corrupt = (why: string): never => { throw new SpillError(`spill dictionary ${path} is corrupt: ${why}`); };
  const read = new LayoutReader(readSpillFile(path, 'spill dictionary'), corrupt);
  const head = read.header(MAGIC, VERSION, (first) => {
    if (first[2] !== n) corrupt(`expected ${n} entries, found ${first[2]}`);
    return 4;
  });
  return takeStrings(read, n, head[3], corrupt);
}

/** Delta k of the dictionary at `base`. */
function deltaPath(base: string, k: number): string {
  return `${base}-${k}.dict`;
}
