/**
 * The first n rows of each key, as the rows stream by: which rows of a batch are among the first
 * n of their key so far (rows whose key is null are dropped unless null keys are kept).
 *
 * Used on both sides of `unique` / `groupBy(keys).head(n)`'s exchange: the reduce task keeps
 * its answer with it (sinks/group-head-sink.ts), and each map task drops the rows that cannot be
 * in it before they cross the exchange (sinks/partition-sink.ts): a row that is not among the
 * first n of its key in its own task, in input order, is not among the first n overall.
 *
 * With `maxGroups`, the keys remembered are forgotten whenever there are more of them (a map task
 * over keys that are nearly all distinct); a row is then only dropped after n rows of its key
 * that came after the last reset, which were kept, so nothing of the answer is lost. When most
 * rows were kept by then, the filter stops looking (`passing`): it gains nothing there.
 */
import type { Column } from './column.js';
import { GroupIndex } from './group-index.js';
import type { DType } from '../types/dtype.js';

export class FirstPerKey {
  private groups: GroupIndex;
  private seen = new Int32Array(1024);
  private rowsIn = 0;
  private rowsKept = 0;
  /** The filter gave up (see the top comment): every row is kept. */
  passing = false;

  constructor(private readonly keyTypes: readonly DType[], private readonly keepNullKeys: boolean, private readonly n: number, private readonly maxGroups = Infinity) {
    this.groups = new GroupIndex(keyTypes, keepNullKeys);
  }

  /** The rows of a batch of `length` rows (its key columns `keys`) that are kept, in order; null: all of them. */
  select(keys: readonly Column[], length: number): Int32Array | null {
    if (this.passing) return null;
    const gids = this.groups.map(keys, length);
    const size = this.groups.size;
    if (size > this.seen.length) {
      const grown = new Int32Array(Math.max(size, this.seen.length * 2));
      grown.set(this.seen);
      this.seen = grown;
    }
    const seen = this.seen;
    const n = this.n;
    const keep = new Int32Array(length);
    let m = 0;
    for (let i = 0; i < length; i++) {
      const g = gids[i];
      if (g >= 0 && seen[g] < n) {
        seen[g]++;
        keep[m++] = i;
      }
    }
    this.rowsIn += length;
    this.rowsKept += m;
    if (size > this.maxGroups) this.forget();
    return m === length ? null : keep.subarray(0, m);
  }

  private forget(): void {
    if (this.rowsKept * 2 > this.rowsIn) {
      this.passing = true;
      return;
    }
    this.groups = new GroupIndex(this.keyTypes, this.keepNullKeys);
    this.seen = new Int32Array(1024);
  }
}
