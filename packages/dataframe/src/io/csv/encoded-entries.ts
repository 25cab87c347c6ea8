/**
 * The CSV text (quoted as needed, UTF-8) of a large string dictionary's entries, encoded the
 * first time a row uses each and kept per thread for as long as the dictionary lives: a
 * dictionary shared by many batches — a worker's scan dictionary, or the one key dictionary of
 * a sorted range's output (read-sorted-range.ts) — is then read as bytes, not as JS strings
 * scattered over the heap. Each entry has a slot of SLOT bytes, its length and then its text
 * when that fits (ids, codes, names: most keys), so a row reads one cache line at its code:
 * db-benchmark q10 writes 100 k ids in key order, and each read is a miss (~100 ns).
 *
 * Kept by the dictionary's identity: a dictionary only ever grows by appending, never changes in
 * place (Column.dict), so an entry's text stays right for as long as the array lives.
 */
import { quote } from './write-csv.js';

/** Bytes a slot: a length byte and up to SLOT − 1 bytes of text. */
export const SLOT = 16;
/** A slot's length byte: not encoded yet, or text longer than a slot holds (then in `long`). */
export const UNSET = 0xff;
export const LONG = 0xfe;

/** Dictionaries larger than this are written string by string (SLOT bytes an entry, held as long as the dictionary lives: 16 MB at most). */
const MAX_ENTRIES = 1 << 20;
/** Nor one this many times larger than the batch: a slot an entry would cost more than writing the batch's strings. */
const MAX_DICT_PER_ROW = 64;

export class EncodedEntries {
  /** Entry `code`'s slot: bytes [SLOT·code, SLOT·(code + 1)). */
  slots = new Uint8Array(0);
  /** Text longer than a slot: entry `code`'s is bytes [long.get(code), + its length) of `arena`. */
  long = new Map<number, { from: number; length: number }>();
  arena = Buffer.allocUnsafe(0);
  private used = 0;

  constructor(readonly delimiter: string) {}

  /** Encodes entry `code`, the string `s` (its slot was UNSET). */
  add(code: number, s: string): void {
    const text = quote(s, this.delimiter);
    const at = code * SLOT;
    const slots = this.slots;
    let len = 0;
    for (; len < text.length && len < SLOT - 1; len++) {
      const c = text.charCodeAt(len);
      if (c >= 0x80) break;
      slots[at + 1 + len] = c;
    }
    if (len === text.length) slots[at] = len;
    else {
      // a UTF-8 byte count is at most three a UTF-16 unit
      if (this.used + text.length * 3 > this.arena.length) {
        const arena = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + text.length * 3, 1 << 16));
        this.arena.copy(arena, 0, 0, this.used);
        this.arena = arena;
      }
      const from = this.used;
      this.used += this.arena.write(text, from, 'utf8');
      this.long.set(code, { from, length: this.used - from });
      slots[at] = LONG;
    }
  }

  /** Makes a slot for each of `entries` entries (a grown dictionary's). */
  reserve(entries: number): void {
    if (entries * SLOT <= this.slots.length) return;
    const size = Math.max(entries, Math.ceil((this.slots.length / SLOT) * 1.5));
    const slots = new Uint8Array(size * SLOT);
    markUnset(slots, this.slots.length);
    slots.set(this.slots);
    this.slots = slots;
  }
}

/**
 * Marks the slots from byte `from` on not encoded yet. A function of its own: in reserve's body,
 * V8 compiled this loop on the stack during a large dictionary's first reservation, and the code
 * after it had no feedback yet — a bail-out a worker.
 */
function markUnset(slots: Uint8Array, from: number): void {
  for (let k = from; k < slots.length; k += SLOT) slots[k] = UNSET;
}

/** Per thread: each large dictionary seen by a writer — null when seen once, its entries once seen again. */
const seen = new WeakMap<readonly string[], EncodedEntries | null>();

/**
 * The kept encoding of `dict`'s entries under `delimiter`, for a batch of `rows` rows, or null
 * when the batch should write its strings one by one: the first time a dictionary is seen (one
 * used by a single batch, a join's mostly distinct ids, is not worth keeping: encoding then
 * copying cost more than writing each once), past MAX_ENTRIES or MAX_DICT_PER_ROW, or under
 * another delimiter than the one kept.
 */
export function encodedEntries(dict: readonly string[], delimiter: string, rows: number): EncodedEntries | null {
  if (dict.length > MAX_ENTRIES || dict.length > rows * MAX_DICT_PER_ROW) return null;
  const kept = seen.get(dict);
  if (kept === undefined) { seen.set(dict, null); return null; }
  if (kept === null) {
    const made = new EncodedEntries(delimiter);
    made.reserve(dict.length);
    seen.set(dict, made);
    return made;
  }
  if (kept.delimiter !== delimiter) return null;
  kept.reserve(dict.length);
  return kept;
}
