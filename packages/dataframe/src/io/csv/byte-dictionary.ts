/**
 * Dictionary-encodes strings from their bytes: a field's bytes are hashed and looked up in an
 * open-addressing table; only a value never seen before is decoded into a JS string.
 * Codes are dense and stable for the life of the dictionary (one partition).
 *
 * Layout: each slot is 4 int32s — hash, code + 1 (0 = empty), arena offset, length — so a
 * lookup touches one cache line of the table and the bytes in the arena, even when the
 * dictionary holds 100k values and no longer fits in cache.
 */
import { markUnique } from '../../kernels/unique-dictionary.js';

const strict = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

export class ByteDictionary {
  private slots: Int32Array;
  private mask: number; // in slots
  private arena: Uint8Array;
  private arenaLen = 0;
  size = 0;
  /** Each string once, in code order (known unique: see kernels/unique-dictionary.ts). */
  readonly strings: string[] = markUnique([]);

  /** Invalid UTF-8 throws a TypeError unless `lossyUtf8` (then it becomes U+FFFD). */
  constructor(capacity = 1024, private readonly lossyUtf8 = false) {
    const cap = 1 << Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.slots = new Int32Array(cap * 4);
    this.mask = cap - 1;
    this.arena = new Uint8Array(64 * 1024);
  }

  /** Returns the code of buf[start, end), adding it if new. */
  intern(buf: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    h ^= h >>> 15;
    const len = end - start;
    const slots = this.slots;
    const arena = this.arena;
    let s = h & this.mask;
    for (;;) {
      const o = s << 2;
      const code1 = slots[o + 1];
      if (code1 === 0) return this.add(buf, start, len, h, s);
      if (slots[o] === h && slots[o + 3] === len) {
        const a = slots[o + 2];
        let k = 0;
        while (k < len && arena[a + k] === buf[start + k]) k++;
        if (k === len) return code1 - 1;
      }
      s = (s + 1) & this.mask;
    }
  }

  private add(buf: Uint8Array, start: number, len: number, h: number, slot: number): number {
    if (this.arenaLen + len > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.arenaLen + len));
      next.set(this.arena.subarray(0, this.arenaLen));
      this.arena = next;
    }
    // copied past the arena's end and decoded from there (no view of the caller's Buffer, which
    // costs a FastBuffer per new string); a failed decode leaves the dictionary unchanged
    const arena = this.arena;
    const at = this.arenaLen;
    for (let k = 0; k < len; k++) arena[at + k] = buf[start + k];
    const text = (this.lossyUtf8 ? lossy : strict).decode(arena.subarray(at, at + len));
    const code = this.size++;
    const o = slot << 2;
    this.slots[o] = h;
    this.slots[o + 1] = code + 1;
    this.slots[o + 2] = this.arenaLen;
    this.slots[o + 3] = len;
    this.arenaLen += len;
    this.strings.push(text);
    if (this.size * 2 > this.mask + 1) this.rehash();
    return code;
  }

  private rehash(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    this.slots = new Int32Array(cap * 4);
    this.mask = cap - 1;
    for (let o = 0; o < old.length; o += 4) {
      if (old[o + 1] === 0) continue;
      let s = old[o] & this.mask;
      while (this.slots[(s << 2) + 1] !== 0) s = (s + 1) & this.mask;
      const n = s << 2;
      this.slots[n] = old[o];
      this.slots[n + 1] = old[o + 1];
      this.slots[n + 2] = old[o + 2];
      this.slots[n + 3] = old[o + 3];
    }
  }
}
