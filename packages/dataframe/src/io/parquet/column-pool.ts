/**
 * The arrays a thread's Parquet row groups are decoded into, kept from one row group to the next
 * and from one partition to the next: a new 1 MB array per column per row group was a fresh
 * allocation whose pages the kernel faulted in one by one (0.6 s a worker on the 2 GB seed, a
 * fifth of the query), and a pool per partition still made each file's first row group fresh
 * (six 1 MB arrays a file: ~0.07 s a worker over 30 files). Scan batches reuse their buffers
 * (physical/sinks/row-buffer.ts keeps a copy; CSV scans have always reused theirs): the next
 * row group is decoded only after the previous one's batches were consumed, and a partition's
 * read runs from its first row group to its last with no await between them, so two reads in a
 * thread never interleave. Never: hands out an array still in use by the same row group (one
 * slot per column). At most `maxBytes` are kept: a slot past them empties the pool first.
 */
export type PooledArray = Float64Array | Int32Array | Uint8Array;
type PooledCtor = Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;

const ROUND = 16_384;

export class ColumnPool {
  private readonly slots = new Map<string, PooledArray>();
  private bytes = 0;

  constructor(private readonly maxBytes = Infinity) {}

  /** An array of `n` elements for `slot` (a column of the row group), its old contents left in it. */
  take<C extends PooledCtor>(slot: string, Ctor: C, n: number): InstanceType<C> {
    const have = this.slots.get(slot);
    if (have !== undefined && have.constructor === Ctor && have.length >= n) return have.subarray(0, n) as InstanceType<C>;
    // room to a multiple of 16 k rows: DuckDB's row groups are 122 880, 123 338, … rows, and each
    // slightly larger one made a new array
    const made = new Ctor(Math.ceil(n / ROUND) * ROUND) as InstanceType<C>;
    if (have !== undefined) this.bytes -= have.byteLength;
    if (this.bytes + made.byteLength > this.maxBytes) {
      this.slots.clear();
      this.bytes = 0;
    }
    this.slots.set(slot, made);
    this.bytes += made.byteLength;
    return made.subarray(0, n) as InstanceType<C>;
  }

  /** Bytes of the arrays kept. */
  get keptBytes(): number {
    return this.bytes;
  }
}
