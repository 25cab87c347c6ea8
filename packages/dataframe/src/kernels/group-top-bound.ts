/**
 * The first n values of each group among the rows a map task's `sort(by).groupBy(keys).head(n)`
 * has seen so far: once a group holds n, a later row enters its first n only when strictly
 * better than the worst of them (ties go to the earlier rows). The rows of each batch are checked
 * against it before they are buffered, so a task with many groups buffers, copies, maps and cuts
 * only the rows that may still count (db-benchmark q8, 100 k groups, top 2: a row of a group that
 * has met m rows passes with chance about 2/m).
 *
 * Only for one plain number column to sort by (no null, NaN or -0 in the batch: groupTop's fast
 * path); any other batch is let through whole, and its rows are not counted here — the values
 * held are then the first n of fewer rows, a looser bound, never a wrong one.
 */
import type { Column } from './column.js';
import { GroupIndex } from './group-index.js';
import { placeAmong, plainNumbers, type GroupTopSpec } from './group-top.js';
import { growF64 } from './reductions/grow.js';

export class GroupTopBound {
  /** The task's groups, across batches. */
  private index: GroupIndex;
  /**
   * Per group, n + 1 slots: how many values it holds (up to n), then they, best first — a group's
   * count and values in one cache line (in two arrays, a row waited on two misses).
   */
  private held: Float64Array;
  private groups = 1024;
  private gids: Int32Array = new Int32Array(0);
  /** select's answer, reused batch after batch (its caller copies the rows it names before the next). */
  private rows: Int32Array = new Int32Array(0);
  /** Past `maxGroups` groups the bound lets go of its table and every row through: what it holds grows with the groups. */
  private off = false;

  /** `maxGroups`: the most groups it holds (the task's buffer's row bound: as much again). */
  constructor(private readonly spec: GroupTopSpec, private readonly maxGroups: number) {
    this.index = new GroupIndex(spec.keyTypes, spec.keepNullKeys);
    this.held = new Float64Array(this.groups * (spec.n + 1));
  }

  /** The rows of a batch that may still be among their group's first n (in order; valid until the next call), or null for all of them. */
  select(keys: readonly Column[], by: Column, length: number): Int32Array | null {
    if (this.off) return null;
    const v = plainNumbers(by, length);
    if (v === null) return null;
    const gids = (this.gids = this.index.map(keys, length, this.gids));
    if (this.index.size > this.maxGroups) {
      this.off = true;
      this.index = new GroupIndex(this.spec.keyTypes, this.spec.keepNullKeys);
      this.held = new Float64Array(0);
      this.gids = new Int32Array(0);
      return null;
    }
    this.grow(this.index.size);
    const held = this.held;
    const n = this.spec.n;
    const stride = n + 1;
    const desc = this.spec.descending[0] ?? false;
    // one array for every batch: a new one each was ~128 kB of new pages a batch (~10 µs a page on this VM)
    if (this.rows.length < length) this.rows = new Int32Array(length);
    const rows = this.rows;
    return rows.subarray(0, holdBest(gids, v, held, n, stride, desc, rows, length));
  }

  private grow(groups: number): void {
    if (groups <= this.groups) return;
    this.groups = Math.max(groups, 2 * this.groups);
    this.held = growF64(this.held, this.groups * (this.spec.n + 1));
  }
}

/**
 * GroupTopBound.select's loop: each row with a group placed among its group's held values when
 * it is among the first n; the rows that were go to `rows`, and their count is returned. A
 * function of its own, nothing after its loop: V8's on-stack code stopped at the code after it
 * (no feedback there yet) on every call (PROFILE.md, "code after a long loop").
 */
function holdBest(gids: Int32Array, v: Float64Array | Int32Array, held: Float64Array, n: number, stride: number, desc: boolean, rows: Int32Array, length: number): number {
  let m = 0;
  for (let i = 0; i < length; i++) {
    const g = gids[i];
    // a null key the grouping drops is dropped here too
    if (g < 0) continue;
    const x = v[i];
    const o = g * stride;
    const c = held[o] | 0;
    const at = placeAmong(held, o, c, x, desc);
    if (at >= n) continue;
    for (let k = Math.min(c, n - 1); k > at; k--) held[o + 1 + k] = held[o + k];
    held[o + 1 + at] = x;
    if (c < n) held[o] = c + 1;
    rows[m++] = i;
  }
  return m;
}
