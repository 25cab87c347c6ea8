/**
 * What a map task's `sort(by).groupBy(keys).head(n)` has already kept, per group: once a group
 * holds n rows, a later row enters its first n only when strictly better than the worst of them
 * (ties go to the earlier rows). The rows of each batch are checked against it before they are
 * buffered, so a task with many groups buffers, copies, maps and cuts only the rows that may
 * still count (db-benchmark q8, 100 k groups, top 2: most rows of a 5 M-row task fail the check
 * once each group has met a few dozen rows).
 *
 * Only for one plain number column to sort by (no null, NaN or -0 in the batch: groupTop's fast
 * path); any other batch is let through whole, and so is a group until a cut has filled it.
 */
import type { Column } from './column.js';
import { GroupIndex } from './group-index.js';
import { plainNumbers, type GroupTopSpec } from './group-top.js';

export class GroupTopBound {
  /** The task's groups, across batches and cuts. */
  private readonly index: GroupIndex;
  /** Per group: rows kept at the last cut (n: full), and the worst of them. */
  private count = new Int32Array(1024);
  private worst = new Float64Array(1024);
  private gids = new Int32Array(0);

  constructor(private readonly spec: GroupTopSpec) {
    this.index = new GroupIndex(spec.keyTypes, spec.keepNullKeys);
  }

  /** The rows of a batch that may still be among their group's first n (in order), or null for all of them. */
  select(keys: readonly Column[], by: Column, length: number): Int32Array | null {
    const v = plainNumbers(by, length);
    if (v === null) return null;
    const gids = this.map(keys, length);
    const { count, worst } = this;
    const n = this.spec.n;
    const desc = this.spec.descending[0] ?? false;
    const rows = new Int32Array(length);
    let m = 0;
    for (let i = 0; i < length; i++) {
      const g = gids[i];
      // a null key the grouping drops is dropped here too
      if (g < 0) continue;
      if (g >= count.length || count[g] < n || (desc ? v[i] > worst[g] : v[i] < worst[g])) rows[m++] = i;
    }
    return rows.subarray(0, m);
  }

  /** After a cut: `kept` are the rows of the task's first n a group so far (the cut's output). */
  learn(keys: readonly Column[], by: Column, length: number): void {
    this.count.fill(0);
    const v = plainNumbers(by, length);
    if (v === null) return;
    const gids = this.map(keys, length);
    this.grow(this.index.size);
    const { count, worst } = this;
    const desc = this.spec.descending[0] ?? false;
    for (let i = 0; i < length; i++) {
      const g = gids[i];
      if (g < 0) continue;
      const x = v[i];
      if (count[g] === 0 || (desc ? x < worst[g] : x > worst[g])) worst[g] = x;
      count[g]++;
    }
  }

  private map(keys: readonly Column[], length: number): Int32Array {
    if (this.gids.length < length) this.gids = new Int32Array(length);
    return this.index.map(keys as Column[], length, this.gids);
  }

  private grow(groups: number): void {
    if (groups <= this.count.length) return;
    const cap = Math.max(groups, 2 * this.count.length);
    const count = new Int32Array(cap);
    const worst = new Float64Array(cap);
    worst.set(this.worst);
    this.count = count;
    this.worst = worst;
  }
}
