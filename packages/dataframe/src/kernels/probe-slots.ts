/**
 * The slot arrays of an open-addressing hash table with linear probing: `slots` hold id + 1
 * (0 = empty) and `hashes` each slot's full hash, so the table can double without hashing its
 * keys again. Used by GroupIndex (key tuples) and StringHash (strings).
 */
export interface ProbeSlots {
  slots: Int32Array<ArrayBuffer>;
  hashes: Int32Array<ArrayBuffer>;
  mask: number;
}

/** The same entries in a table of twice the capacity. */
export function doubledSlots(oldSlots: Int32Array, oldHashes: Int32Array): ProbeSlots {
  const cap = oldSlots.length * 2;
  const slots = new Int32Array(cap);
  const hashes = new Int32Array(cap);
  const mask = cap - 1;
  reinsert(oldSlots, oldHashes, slots, hashes, mask);
  return { slots, hashes, mask };
}

/**
 * doubledSlots' loop, a function of its own with nothing after it: compiled on the stack during
 * a long first call, it stopped at the code after the loop on later calls (benchmarks/PROFILE.md, "code after a long loop").
 */
function reinsert(oldSlots: Int32Array, oldHashes: Int32Array, slots: Int32Array, hashes: Int32Array, mask: number): void {
  for (let i = 0; i < oldSlots.length; i++) {
    if (oldSlots[i] === 0) continue;
    let at = oldHashes[i] & mask;
    while (slots[at] !== 0) at = (at + 1) & mask;
    slots[at] = oldSlots[i];
    hashes[at] = oldHashes[i];
  }
}
