/**
 * A computed array in memory: C-ordered typed-array data with a shape and dtype — what
 * `compute()` returns for arrays of one or more dimensions.
 */
import type { DType, Scalar, TypedArray } from '../dtype.js';
import { cStrides } from '../kernels/block.js';

export class NDArray {
  constructor(readonly data: TypedArray, readonly shape: readonly number[], readonly dtype: DType) {}

  get size(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** The element at an index (a bigint for int64); a negative index counts from the end, as in NumPy. */
  get(...index: number[]): Scalar {
    if (index.length !== this.shape.length) throw new RangeError(`get() needs ${this.shape.length} indexes, got ${index.length}`);
    const s = cStrides(this.shape);
    let at = 0;
    index.forEach((i, d) => {
      const n = this.shape[d];
      if (!Number.isInteger(i) || i < -n || i >= n) throw new RangeError(`index ${i} is out of bounds for axis ${d} with size ${n}`);
      at += (i < 0 ? i + n : i) * s[d];
    });
    return this.data[at];
  }

  /** Nested JS arrays, like NumPy's `tolist()`. */
  toNested(): unknown {
    const s = cStrides(this.shape);
    const build = (d: number, at: number): unknown =>
      d === this.shape.length ? this.data[at] : Array.from({ length: this.shape[d] }, (_, i) => build(d + 1, at + i * s[d]));
    return build(0, 0);
  }

  toString(): string {
    return `NDArray<${this.dtype}>[${this.shape.join(', ')}]`;
  }
}
