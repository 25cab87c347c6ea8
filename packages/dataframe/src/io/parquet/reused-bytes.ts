/**
 * A byte buffer a thread fills again and again (a column chunk read from disk, an uncompressed
 * page): `take(n)` hands out its first n bytes, growing it (doubling) up to `keep` bytes; a
 * request past `keep` gets an array of its own, not kept. What was in it is gone at the next
 * take: a caller copies out what it needs before then.
 */
export class ReusedBytes {
  private buf = new Uint8Array(0);

  constructor(private readonly keep: number) {}

  take(n: number): Uint8Array {
    if (n > this.keep) return new Uint8Array(n);
    if (this.buf.length < n) this.buf = new Uint8Array(Math.min(this.keep, Math.max(n, this.buf.length * 2)));
    return this.buf.subarray(0, n);
  }
}
