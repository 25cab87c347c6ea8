/**
 * Dictionary-encodes strings from their bytes: a field's bytes are hashed and looked up in an
 * open-addressing table; only a value never seen before is decoded into a JS string.
 * Codes are dense and stable for the life of the dictionary (one partition, or several read by
 * one worker: dictionary-cache.ts).
 *
 * Layout: each slot is 8 int32s (32 bytes, half a cache line) — hash, code + 1 (0 = empty),
 * length, arena offset, and the value's first 16 bytes as four little-endian words (zero
 * padded). The hash is taken four bytes at a time and the same words are compared with the
 * slot's, so a lookup of a value of up to 16 bytes (ids, codes, flags, dates) touches one
 * cache line of the table and nothing else, even when the dictionary holds 100 k values and no
 * longer fits in cache. Longer values compare their remaining bytes in the arena.
 * Never: allocates for a value already present.
 */
import { markUnique } from '../../kernels/unique-dictionary.js';
import { asciiStrings } from '../../table/arrow-buffers.js';

const strict = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

const EMPTY_VIEW = new DataView(new ArrayBuffer(0));

/** Bytes a value is guessed to take, sizing a new dictionary's arena (ids, codes, dates: 8–16). */
const ARENA_GUESS = 16;
/** int32s per slot, and the words of a value kept inline. */
const SLOT = 8;
const INLINE_BYTES = 16;
/** Values internMany hashes and touches before looking them up: their slots' cache lines (64 bytes each) stay in L1. */
const BATCH = 256;
/**
 * Below this many slots (16 k: a 512 kB table, inside a core's L2) internMany looks each value
 * up as soon as it is read (lookup): touching the batch's slots first would wait on nothing.
 */
const CACHED_SLOTS = 16 * 1024;

export class ByteDictionary {
  private slots: Int32Array;
  private mask: number; // in slots
  private arena: Uint8Array;
  private arenaLen = 0;
  size = 0;
  /** The decoded values in code order; the newest ASCII ones wait in the arena (see add(), materialize()). */
  private list: string[] = markUnique([]);
  /** ASCII values added since the last materialize(): their bytes are arena[pendingStart, arenaLen), each ending at pendingEnds[k]. */
  private pendingStart = 0;
  private pendingEnds: number[] = [];
  /** internMany's hashes of one batch, and each value's first four words (zero past its end), four a value. */
  private readonly hashes = new Int32Array(BATCH);
  private readonly words = new Int32Array(BATCH * 4);
  /** A view of the last buffer interned from, to read its bytes four at a time. */
  private viewed: Uint8Array | null = null;
  private view: DataView<ArrayBufferLike> = EMPTY_VIEW;
  /** What internMany's slot loads read, kept so that they are not optimized away; means nothing. */
  touched = 0;
  /**
   * The code of each one-byte value held, by its byte (-1: not held): a column of one-letter
   * flags (Y/N, a status, TPC-H's l_returnflag) is looked up here, without a hash or a probe.
   */
  private readonly byByte = new Int32Array(256).fill(-1);
  /** Where each code's bytes end in the arena (they start where the code before ends): dictionaryBytes. */
  private codeEnds: Int32Array;
  /** Whether every value held is ASCII (its bytes are then its StringBytes form too). */
  private ascii = true;

  /**
   * Invalid UTF-8 throws a TypeError unless `lossyUtf8` (then it becomes U+FFFD). Without
   * `keepStrings` the values are never decoded (`strings` stays empty): the codes are all its
   * user needs, and its bytes need not be UTF-8 (kernels/string-bytes.ts).
   */
  constructor(capacity = 1024, private readonly lossyUtf8 = false, private readonly keepStrings = true) {
    const cap = 1 << Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.slots = new Int32Array(cap * SLOT);
    this.mask = cap - 1;
    // the arena and the codes' ends sized for `capacity` values of up to ARENA_GUESS bytes: a
    // dictionary sized from the sample's estimate (100 k ids) grew each of them 5–7 times, at
    // doublings that came after V8 had compiled add() and bailed out of it
    this.arena = new Uint8Array(Math.max(64 * 1024, Math.min(capacity * ARENA_GUESS, 4 << 20)));
    this.codeEnds = new Int32Array(Math.max(1024, capacity));
    if (keepStrings) owners.set(this.list, this);
  }

  /** Each string once, in code order (known unique: see kernels/unique-dictionary.ts). */
  get strings(): string[] {
    return this.materialize();
  }

  /**
   * Empties the dictionary, keeping its table and arena (no allocation, no regrowth): codes
   * start again at 0 in a new `strings` array, so a column that took the old one keeps it.
   */
  clear(): void {
    this.dropView();
    this.slots.fill(0);
    this.byByte.fill(-1);
    this.arenaLen = 0;
    this.size = 0;
    this.ascii = true;
    // the old array's codes meant bytes the arena is about to hold others in
    owners.delete(this.list);
    this.list = markUnique([]);
    if (this.keepStrings) owners.set(this.list, this);
    this.pendingStart = 0;
    this.pendingEnds.length = 0;
  }

  /**
   * Decodes the values still waiting in the arena, so that `strings` holds every code: once a
   * batch, their bytes cut into strings together (table/arrow-buffers.ts asciiStrings), instead
   * of one TextDecoder call per value — a column of mostly distinct ids (a join's keys, text
   * dates) decoded every row on its own.
   */
  materialize(): string[] {
    const ends = this.pendingEnds;
    if (ends.length === 0) return this.list;
    asciiStrings(this.arena, this.pendingStart, ends, 0, ends.length, this.list);
    ends.length = 0;
    this.pendingStart = this.arenaLen;
    return this.list;
  }

  /** Bytes of the values held (their UTF-8). */
  get arenaBytes(): number {
    return this.arenaLen;
  }

  /** Returns the code of buf[start, end), adding it if new. */
  intern(buf: Uint8Array, start: number, end: number): number {
    return this.lookup(this.viewOf(buf), buf, start, end);
  }

  /**
   * The code of buf[start, end), adding it if new. A value of up to 16 bytes with 16 readable
   * bytes from its start (all but the buffer's last few) is read as four whole words masked to
   * its length and hashed in locals — no loop, one predictable branch a word (a column's values
   * mostly share a length); hashWords reads the others byte by byte, to the same words and hash.
   * 1 M ids of a 100-value column: 21–22 → 17 ns a value.
   */
  private lookup(view: DataView<ArrayBufferLike>, buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    if (len > INLINE_BYTES || start + INLINE_BYTES > buf.length) return this.find(this.hashWords(view, 0, buf, start, end), 0, buf, start, end);
    const m = 4 * len;
    const w0 = view.getInt32(start, true) & WORD_MASKS[m];
    const w1 = view.getInt32(start + 4, true) & WORD_MASKS[m + 1];
    const w2 = view.getInt32(start + 8, true) & WORD_MASKS[m + 2];
    const w3 = view.getInt32(start + 12, true) & WORD_MASKS[m + 3];
    let h = Math.imul(len, 0x9e3779b1) ^ 0x811c9dc5;
    if (len > 0) h = mixWord(h, w0);
    if (len > 4) h = mixWord(h, w1);
    if (len > 8) h = mixWord(h, w2);
    if (len > 12) h = mixWord(h, w3);
    const words = this.words;
    words[0] = w0; words[1] = w1; words[2] = w2; words[3] = w3;
    return this.find(finishHash(h), 0, buf, start, end);
  }

  /** Lets go of the last buffer read (a dictionary kept for the next partition must not hold this one's bytes). */
  dropView(): void {
    this.viewed = null;
    this.view = EMPTY_VIEW;
  }

  private viewOf(buf: Uint8Array): DataView<ArrayBufferLike> {
    if (buf !== this.viewed) {
      this.viewed = buf;
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    return this.view;
  }

  /**
   * byteHash(buf, start, end), with the value's first four words kept as words[4j ..]: each
   * word read once, as one load (a DataView's little-endian int32), where hashing and then
   * comparing read every byte twice, one load a byte (~30 ns a value, most of a lookup that hits the cache).
   */
  private hashWords(view: DataView<ArrayBufferLike>, j: number, buf: Uint8Array, start: number, end: number): number {
    const words = this.words;
    const o = 4 * j;
    words[o] = 0; words[o + 1] = 0; words[o + 2] = 0; words[o + 3] = 0;
    let h = Math.imul(end - start, 0x9e3779b1) ^ 0x811c9dc5;
    let i = start;
    let k = 0;
    for (; i + 4 <= end; i += 4, k++) {
      const w = view.getInt32(i, true);
      if (k < 4) words[o + k] = w;
      h = mixWord(h, w);
    }
    if (i < end) {
      let w = 0;
      for (let sh = 0; i < end; i++, sh += 8) w |= buf[i] << sh;
      if (k < 4) words[o + k] = w;
      h = mixWord(h, w);
    }
    return finishHash(h);
  }

  /**
   * Interns `count` values, the j-th buf[starts[j], ends[j]), into codes[j]; returns `count`, or
   * (strict UTF-8 only) the index of the first value that is not valid UTF-8 — the values before
   * it are interned, it and those after are not.
   *
   * Why a batch: a dictionary of 100 k ids (an 8 MB table) misses the cache on nearly every
   * lookup, and a lookup per field inside the row parser waits out each miss alone (~150 ns:
   * too much work lies between two lookups for the CPU to overlap them). Here the values are
   * hashed first, then each one's home slot is read in a loop of nothing else (the loads do not
   * depend on each other, so their misses overlap), and only then looked up, in cache.
   */
  internMany(buf: Uint8Array, starts: Int32Array, ends: Int32Array, count: number, codes: Int32Array): number {
    // leading one-byte values already held, by byByte (a flag column's whole batch, most often)
    const byByte = this.byByte;
    let first = 0;
    for (; first < count; first++) {
      const at = starts[first];
      const code = ends[first] - at === 1 ? byByte[buf[at]] : -1;
      if (code < 0) break;
      codes[first] = code;
    }
    if (first === count) return count;
    const hashes = this.hashes;
    const view = this.viewOf(buf);
    for (let c = first; c < count; c += BATCH) {
      const m = Math.min(BATCH, count - c);
      if (this.mask < CACHED_SLOTS) {
        const bad = this.internEach(view, buf, starts, ends, c, m, codes);
        if (bad >= 0) return bad;
        continue;
      }
      for (let j = 0; j < m; j++) hashes[j] = this.hashWords(view, j, buf, starts[c + j], ends[c + j]);
      const slots = this.slots;
      const mask = this.mask;
      // a slot's first and last int: the table is only 16-byte aligned (malloc's), so half the
      // 32-byte slots lie across two cache lines, and the lookup would wait for the second alone
      // (db-benchmark q3 in the query: 88–127 → 82–97 ns a value, 5 alternating pairs)
      let t = 0;
      for (let j = 0; j < m; j++) {
        const o = (hashes[j] & mask) * SLOT;
        t ^= slots[o] ^ slots[o + SLOT - 1];
      }
      this.touched = t;
      let j = 0;
      try {
        for (; j < m; j++) codes[c + j] = this.find(hashes[j], j, buf, starts[c + j], ends[c + j]);
      } catch (err) {
        return this.notUtf8(err, c + j);
      }
    }
    return count;
  }

  /** internMany's values c to c + m, each looked up as soon as it is read; returns -1, or where a value was not UTF-8. */
  private internEach(view: DataView<ArrayBufferLike>, buf: Uint8Array, starts: Int32Array, ends: Int32Array, c: number, m: number, codes: Int32Array): number {
    let j = c;
    try {
      for (const to = c + m; j < to; j++) codes[j] = this.lookup(view, buf, starts[j], ends[j]);
    } catch (err) {
      return this.notUtf8(err, j);
    }
    return -1;
  }

  /** `at`, when err is strict decoding's of a new value that is not UTF-8 (the dictionary is left as it was); else throws err. */
  private notUtf8(err: unknown, at: number): number {
    if (!(err instanceof TypeError) || this.lossyUtf8) throw err;
    return at;
  }

  /** The code of buf[start, end), whose hash is `h` and first words words[4j ..] (hashWords), adding it if new. */
  private find(h: number, j: number, buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    const words = this.words;
    const w = 4 * j;
    const slots = this.slots;
    const w0 = words[w];
    const w1 = words[w + 1];
    const w2 = words[w + 2];
    const w3 = words[w + 3];
    let s = h & this.mask;
    for (;;) {
      const o = s * SLOT;
      const code1 = slots[o + 1];
      if (code1 === 0) return this.add(buf, start, len, h, s, w);
      if (slots[o] === h && slots[o + 2] === len && slots[o + 4] === w0 && slots[o + 5] === w1 && slots[o + 6] === w2 && slots[o + 7] === w3
        && (len <= INLINE_BYTES || this.tailEquals(slots[o + 3], buf, start, len))) {
        return code1 - 1;
      }
      s = (s + 1) & this.mask;
    }
  }

  /** Bytes past the inline prefix of a long value, against the arena copy at `at`. */
  private tailEquals(at: number, buf: Uint8Array, start: number, len: number): boolean {
    const arena = this.arena;
    for (let k = INLINE_BYTES; k < len; k++) if (arena[at + k] !== buf[start + k]) return false;
    return true;
  }

  private add(buf: Uint8Array, start: number, len: number, h: number, slot: number, w: number): number {
    if (this.arenaLen + len > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.arenaLen + len));
      next.set(this.arena.subarray(0, this.arenaLen));
      this.arena = next;
    }
    // copied past the arena's end and decoded from there (no view of the caller's Buffer, which
    // costs a FastBuffer per new string); a failed decode leaves the dictionary unchanged
    const arena = this.arena;
    const at = this.arenaLen;
    let high = 0;
    for (let k = 0; k < len; k++) { const b = buf[start + k]; arena[at + k] = b; high |= b; }
    // ASCII waits to be decoded with the batch's others (materialize); anything else is decoded
    // (and checked) now, after the values before it, so that `strings` stays in code order
    let text: string | null = null;
    if (high >= 0x80) {
      if (this.keepStrings) {
        text = (this.lossyUtf8 ? lossy : strict).decode(arena.subarray(at, at + len));
        this.materialize();
      }
      this.ascii = false;
    }
    const code = this.size++;
    if (len === 1) this.byByte[buf[start]] = code;
    const o = slot * SLOT;
    const slots = this.slots;
    const words = this.words;
    slots[o] = h;
    slots[o + 1] = code + 1;
    slots[o + 2] = len;
    slots[o + 3] = at;
    slots[o + 4] = words[w];
    slots[o + 5] = words[w + 1];
    slots[o + 6] = words[w + 2];
    slots[o + 7] = words[w + 3];
    this.arenaLen += len;
    if (code >= this.codeEnds.length) this.growCodeEnds();
    this.codeEnds[code] = this.arenaLen;
    if (text !== null) {
      this.list.push(text);
      this.pendingStart = this.arenaLen;
    } else if (this.keepStrings) this.pendingEnds.push(this.arenaLen);
    if (this.size * 2 > this.mask + 1) this.rehash();
    return code;
  }

  private growCodeEnds(): void {
    const next = new Int32Array(Math.max(1024, this.codeEnds.length * 2));
    next.set(this.codeEnds);
    this.codeEnds = next;
  }

  /** The arena and where each code's bytes end in it (dictionaryBytes). */
  bytes(): DictionaryBytes {
    return { arena: this.arena, ends: this.codeEnds, ascii: this.ascii };
  }

  private rehash(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const slots = new Int32Array(cap * SLOT);
    const mask = cap - 1;
    for (let o = 0; o < old.length; o += SLOT) {
      if (old[o + 1] === 0) continue;
      let s = old[o] & mask;
      while (slots[s * SLOT + 1] !== 0) s = (s + 1) & mask;
      // copied word by word: a subarray per slot allocates a view for each value held
      const d = s * SLOT;
      for (let k = 0; k < SLOT; k++) slots[d + k] = old[o + k];
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** A scan dictionary's values as bytes: code c's are arena[c === 0 ? 0 : ends[c - 1], ends[c]), as read (UTF-8, or not if read lossily). */
export interface DictionaryBytes {
  arena: Uint8Array;
  ends: Int32Array;
  /** Every value is ASCII. */
  ascii: boolean;
}

/** Each ByteDictionary's `strings` array (while its codes mean the bytes held), to the dictionary. */
const owners = new WeakMap<readonly string[], ByteDictionary>();

/**
 * The bytes of the values of `strings`, when it is a scan dictionary's array (a partial's key
 * column, whose codes are the scan's: kernels/group-index.ts), else null. Valid until the
 * dictionary takes another value (its arena may move): read them at once.
 */
export function dictionaryBytes(strings: readonly string[]): DictionaryBytes | null {
  return owners.get(strings)?.bytes() ?? null;
}

/** WORD_MASKS[4 * len + k]: the bytes of the k-th word that lie inside a value of `len` ≤ 16 bytes. */
const WORD_MASKS = new Int32Array(4 * (INLINE_BYTES + 1));
for (let len = 0; len <= INLINE_BYTES; len++) {
  for (let k = 0; k < 4; k++) {
    const inside = Math.max(0, Math.min(4, len - 4 * k));
    WORD_MASKS[4 * len + k] = inside === 4 ? -1 : (1 << (8 * inside)) - 1;
  }
}

function mixWord(h: number, w: number): number {
  h = Math.imul(h ^ w, 0x85ebca6b);
  return h ^ (h >>> 13);
}

function finishHash(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The hash of buf[start, end): four bytes at a time, then the tail, then a final mix (also the schema sample's value hash: distinct-estimate.ts). */
export function byteHash(buf: Uint8Array, start: number, end: number): number {
  let h = Math.imul(end - start, 0x9e3779b1) ^ 0x811c9dc5;
  let i = start;
  for (; i + 4 <= end; i += 4) h = mixWord(h, buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24));
  if (i < end) {
    let w = 0;
    for (let sh = 0; i < end; i++, sh += 8) w |= buf[i] << sh;
    h = mixWord(h, w);
  }
  return finishHash(h);
}
