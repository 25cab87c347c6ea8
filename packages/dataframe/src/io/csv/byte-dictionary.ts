/**
 * Dictionary-encodes strings from their bytes: a field's bytes are hashed and looked up in an
 * open-addressing table; only a value never seen before is decoded into a JS string.
 * Codes are dense and stable for the life of the dictionary (one partition).
 */
const strict = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

export class ByteDictionary {
  private slots: Int32Array; // code + 1, 0 = empty
  private hashes: Int32Array; // hash per code
  private starts: Int32Array; // arena offset per code
  private lens: Int32Array;
  private arena: Uint8Array;
  private arenaLen = 0;
  private mask: number;
  size = 0;
  readonly strings: string[] = [];

  /** Invalid UTF-8 throws a TypeError unless `lossyUtf8` (then it becomes U+FFFD). */
  constructor(capacity = 1024, private readonly lossyUtf8 = false) {
    const cap = 1 << Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    this.hashes = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.lens = new Int32Array(capacity);
    this.arena = new Uint8Array(64 * 1024);
  }

  /** Returns the code of buf[start, end), adding it if new. */
  intern(buf: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    const len = end - start;
    let s = h & this.mask;
    for (;;) {
      const slot = this.slots[s];
      if (slot === 0) break;
      const code = slot - 1;
      if (this.hashes[code] === h && this.lens[code] === len && this.equals(code, buf, start, len)) return code;
      s = (s + 1) & this.mask;
    }
    return this.add(buf, start, len, h, s);
  }

  private equals(code: number, buf: Uint8Array, start: number, len: number): boolean {
    const a = this.arena;
    const o = this.starts[code];
    for (let k = 0; k < len; k++) if (a[o + k] !== buf[start + k]) return false;
    return true;
  }

  private add(buf: Uint8Array, start: number, len: number, h: number, slot: number): number {
    const text = (this.lossyUtf8 ? lossy : strict).decode(buf.subarray(start, start + len));
    const code = this.size++;
    if (code >= this.hashes.length) this.growEntries();
    if (this.arenaLen + len > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.arenaLen + len));
      next.set(this.arena.subarray(0, this.arenaLen));
      this.arena = next;
    }
    this.arena.set(buf.subarray(start, start + len), this.arenaLen);
    this.starts[code] = this.arenaLen;
    this.lens[code] = len;
    this.hashes[code] = h;
    this.arenaLen += len;
    this.strings.push(text);
    this.slots[slot] = code + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return code;
  }

  private growEntries(): void {
    const n = this.hashes.length * 2;
    const grow = (a: Int32Array): Int32Array => { const b = new Int32Array(n); b.set(a); return b; };
    this.hashes = grow(this.hashes);
    this.starts = grow(this.starts);
    this.lens = grow(this.lens);
  }

  private rehash(): void {
    const cap = this.slots.length * 2;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    for (let code = 0; code < this.size; code++) {
      let s = this.hashes[code] & this.mask;
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.slots[s] = code + 1;
    }
  }
}
