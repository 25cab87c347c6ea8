/**
 * Open-addressing hash table from strings to dense ids, on typed arrays: the dictionary union of
 * millions of distinct strings (a join's output, a high-cardinality key), where a JS Map costs
 * several times the time and memory. Ids are given in first-seen order; `strings` lists them.
 */
import { markUnique } from './unique-dictionary.js';
import { doubledSlots } from './probe-slots.js';
import { anchorShape } from './shape-anchor.js';

export class StringHash {
  /** id + 1 per slot; 0 = empty. */
  private slots: Int32Array;
  /** The full hash of each slot's string, to compare strings only when hashes agree. */
  private hashes: Int32Array;
  private mask: number;
  readonly strings: string[] = markUnique([]);

  constructor(capacity = 1024) {
    const cap = 1 << Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.slots = new Int32Array(cap);
    this.hashes = new Int32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.strings.length;
  }

  /** The id of `s`, adding it if new. */
  id(s: string): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h ^= h >>> 15;
    const slots = this.slots;
    let at = h & this.mask;
    for (;;) {
      const id1 = slots[at];
      if (id1 === 0) break;
      if (this.hashes[at] === h && this.strings[id1 - 1] === s) return id1 - 1;
      at = (at + 1) & this.mask;
    }
    const id = this.strings.length;
    this.strings.push(s);
    slots[at] = id + 1;
    this.hashes[at] = h;
    if (this.strings.length * 2 > slots.length) this.grow();
    return id;
  }

  private grow(): void {
    ({ slots: this.slots, hashes: this.hashes, mask: this.mask } = doubledSlots(this.slots, this.hashes));
  }
}

// keeps the table's hidden class across a worker's tasks (shape-anchor.ts)
anchorShape(new StringHash(16));
