/**
 * Open-addressing hash table from float64 keys to dense ids, on typed arrays (no Map, no
 * boxing). -0 and 0 are one key; all NaNs are one key.
 */
import { anchorShape } from './shape-anchor.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

export class NumHash {
  private keys: Float64Array;
  private ids: Int32Array; // id + 1; 0 = empty
  private mask: number;
  size = 0;
  /** The key of each id, in id order. */
  values: Float64Array;

  constructor(capacity = 64) {
    const cap = 1 << Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.keys = new Float64Array(cap);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
    this.values = new Float64Array(Math.max(16, capacity));
  }

  /** The id of `key`, adding it if new. */
  id(key: number): number {
    if (key === 0) key = 0; // -0 → 0
    else if (key !== key) key = NaN;
    f64[0] = key;
    let h = Math.imul(u32[0] ^ Math.imul(u32[1], 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    let s = h & this.mask;
    for (;;) {
      const id = this.ids[s];
      if (id === 0) break;
      const k = this.keys[s];
      if (k === key || (k !== k && key !== key)) return id - 1;
      s = (s + 1) & this.mask;
    }
    const id = this.size++;
    this.keys[s] = key;
    this.ids[s] = id + 1;
    if (id >= this.values.length) {
      const v = new Float64Array(this.values.length * 2);
      v.set(this.values);
      this.values = v;
    }
    this.values[id] = key;
    if (this.size * 2 > this.ids.length) this.rehash();
    return id;
  }

  /** A new id with no key in the table (for keys kept elsewhere); `approx` is stored as its value. */
  fresh(approx: number): number {
    const id = this.size++;
    if (id >= this.values.length) {
      const v = new Float64Array(this.values.length * 2);
      v.set(this.values);
      this.values = v;
    }
    this.values[id] = approx;
    return id;
  }

  /**
   * Room for `keys` more keys without growing (a join's build side, sized from a sample of its
   * rows): grown by doubling, a table of 360 k keys moved ~1 M keys through cache misses, ~40 %
   * of the build (db-benchmark join q5).
   */
  reserve(keys: number): void {
    const want = 2 * (this.size + keys);
    if (want > this.ids.length) this.rehash(1 << Math.ceil(Math.log2(want)));
    if (this.size + keys > this.values.length) {
      const v = new Float64Array(this.size + keys);
      v.set(this.values.subarray(0, this.size));
      this.values = v;
    }
  }

  private rehash(cap = this.ids.length * 2): void {
    const oldKeys = this.keys;
    const oldIds = this.ids;
    this.keys = new Float64Array(cap);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < oldIds.length; i++) {
      if (oldIds[i] === 0) continue;
      const key = oldKeys[i];
      f64[0] = key;
      let h = Math.imul(u32[0] ^ Math.imul(u32[1], 0x9e3779b1), 0x85ebca6b);
      h ^= h >>> 15;
      let s = h & this.mask;
      while (this.ids[s] !== 0) s = (s + 1) & this.mask;
      this.keys[s] = key;
      this.ids[s] = oldIds[i];
    }
  }
}

// keeps the table's hidden class across a worker's tasks (shape-anchor.ts)
anchorShape(new NumHash(16));
