/**
 * Where each range's first row starts, walked in partition order: the first range of a file
 * starts at its first data row, and each later range starts where the exact parse of the range
 * before it stopped (its `nextRow`). A range whose own guess (`firstRow`) differs is re-run
 * with the exact offset (see io/csv/read-partition.ts for why a guess can be wrong). Ranges
 * must be visited in order, `at` before `advance`, once each.
 */
import type { PartitionRange } from '../io/csv/read-partition.js';

export class RowChain {
  private next = -1;

  /**
   * The exact offset of the first row of `range`, given the ranges before it; null when a range
   * before it in this file stopped early (a satisfied limit): where this one starts is unknown,
   * and its rows are not needed — they come after the limit's rows, which the limit cuts.
   */
  at(range: PartitionRange): number | null {
    // the first range of a file starts at its data start (io/csv/partitions.ts), every later one after it
    if (range.start <= range.dataStart) this.next = range.dataStart;
    return this.next < 0 ? null : this.next;
  }

  /** Passes the current range, whose exact parse stopped at `nextRow` (-1: it stopped early). */
  advance(nextRow: number): void {
    if (this.next >= 0) this.next = nextRow;
  }
}
