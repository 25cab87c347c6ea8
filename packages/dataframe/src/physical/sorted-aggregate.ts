/**
 * A grouped aggregate over rows that arrive sorted by its keys (one key range of an external
 * sort, read-sorted-range.ts): a group is a run of equal keys, so a row's group is found by
 * comparing its keys with the row before it — no hash table, and the groups come out in key
 * order, with nothing to sort. The plan for groupings with about as many groups as rows
 * (aggregate-partitions.ts, groupsNearRows), where a partial per partition would hold about all
 * its rows and be hashed, split, moved and hashed again to merge (db-benchmark q10: 6 keys,
 * ~10 M groups in 10 M rows).
 *
 * The same groups as GroupIndex: a null key is one more value when null keys are kept (else its
 * rows are dropped), NaN equals NaN, -0 equals 0 (and is written 0). Rows of a group are folded
 * in the order they arrive — the merge's, which keeps file order among equal keys — so first/last
 * keep their meaning.
 */
import { createState, merge, update, type AggState } from '../kernels/aggregates.js';
import type { Batch } from '../kernels/batch.js';
import { sameValue, sliceColumn, type Column } from '../kernels/column.js';
import { evalExpr } from '../kernels/eval-expr.js';
import { takeColumn } from '../kernels/sort.js';
import { isUniqueDictionary } from '../kernels/unique-dictionary.js';
import type { ExprNode } from '../plan/expr-node.js';
import type { Field } from '../types/dtype.js';
import { aggregateOutputs, finalizeCalls } from './finalize.js';
import type { FinalAggregate } from './lower.js';

export interface SortedAggregateSpec {
  keys: ExprNode[];
  final: FinalAggregate;
}

/** Complete groups held before they are finalized and emitted: the range's groups are never all held at once. */
const FLUSH_GROUPS = 1 << 16;

type Emit = (fields: readonly Field[], cols: Column[], n: number) => boolean;

export class SortedAggregator {
  private states: AggState[];
  private ngroups = 0;
  /** The previous batch's keys and its last row (-1: none yet), for a group that spans two batches. */
  private prevKeys: Column[] = [];
  private prevRow = -1;
  /** The keys of each batch's new groups (their first rows), a piece per batch, with the batch's dictionaries. */
  private pieces: Column[][] = [];
  private gids = new Int32Array(0);
  private starts = new Int32Array(0);
  private differs = new Uint8Array(0);

  /** `flushGroups`: complete groups held before they are emitted (smaller in tests). */
  constructor(private readonly spec: SortedAggregateSpec, private readonly flushGroups = FLUSH_GROUPS) {
    this.states = spec.final.calls.map((c) => createState(c));
  }

  /**
   * Folds a batch of rows that follow the previous batch's in key order (its key columns may be
   * made canonical in place); once FLUSH_GROUPS groups are complete (every group but the last,
   * which the next batch may continue), they are emitted. False when `emit` wants no more.
   */
  push(batch: Batch, emit: Emit): boolean {
    const n = batch.length;
    if (n === 0) return true;
    const keys = this.spec.keys.map((k) => evalExpr(k, batch));
    if (this.gids.length < n) {
      this.gids = new Int32Array(n);
      this.starts = new Int32Array(n);
      this.differs = new Uint8Array(n);
    }
    const { gids, starts } = this;
    const differs = this.differs.subarray(0, n);
    differs.fill(0);
    for (const k of keys) markChanges(k, differs);
    differs[0] = this.prevRow < 0 || !sameRow(keys, 0, this.prevKeys, this.prevRow) ? 1 : 0;
    const drop = this.spec.final.keepNullKeys ? null : nullRows(keys, n);
    const m = numberGroups(differs, drop, gids, starts, n, this.ngroups - 1);
    this.ngroups += m;
    this.spec.final.calls.forEach((c, k) => update(this.states[k], c, gids, batch, n, this.ngroups));
    // every row a group of its own (most batches of db-benchmark q10): the key columns are the
    // groups' keys as they are, made canonical in place (after the update: an aggregate of a key
    // column reads its values as they were)
    if (m === n) this.pieces.push(keys.map(canonicalKey));
    else if (m > 0) {
      const at = starts.subarray(0, m);
      this.pieces.push(keys.map((k) => canonicalKey(takeColumn(k, at))));
    }
    this.prevKeys = keys;
    this.prevRow = n - 1;
    return this.ngroups > this.flushGroups ? this.flush(emit) : true;
  }

  /** Emits the remaining groups. */
  finish(emit: Emit): void {
    if (this.ngroups > 0) this.emitGroups(this.states, this.ngroups, this.ngroups, emit);
  }

  /**
   * Emits every group but the last, which starts the table afresh: its state is carried into new
   * states (merged out of the old ones before they are finalized) and its key kept.
   */
  private flush(emit: Emit): boolean {
    const calls = this.spec.final.calls;
    const last = this.ngroups - 1;
    const map = new Int32Array(this.ngroups).fill(-1);
    map[last] = 0;
    const carried = calls.map((c, k) => {
      const s = createState(c);
      merge(s, c, this.states[k], map, this.ngroups, 1);
      return s;
    });
    const lastPiece = this.pieces[this.pieces.length - 1];
    const lastKey = lastPiece.map((c) => sliceColumn(c, c.length - 1, c.length));
    const going = this.emitGroups(this.states, this.ngroups, last, emit);
    this.states = carried;
    this.ngroups = 1;
    this.pieces = [lastKey];
    return going;
  }

  /**
   * Emits the first `count` of `ngroups` groups, finalized, in key order: a batch per piece of
   * keys, so each keeps its batch's small dictionaries (one key column of all the range's groups
   * concatenated their dictionaries — ~650 k strings — and each written batch carried it whole).
   */
  private emitGroups(states: AggState[], ngroups: number, count: number, emit: Emit): boolean {
    const final = this.spec.final;
    const calls = finalizeCalls(final, states, ngroups);
    let g = 0;
    for (const keys of this.pieces) {
      const m = Math.min(keys[0].length, count - g);
      if (m <= 0) break;
      const slice = new Map([...calls].map(([name, c]) => [name, sliceColumn(c, g, g + m)]));
      const t = aggregateOutputs(final, m === keys[0].length ? keys : keys.map((c) => sliceColumn(c, 0, m)), slice, m);
      g += m;
      if (!emit(t.schema, [...t.columns], m)) return false;
    }
    return true;
  }
}

/**
 * Numbers a batch's rows by group: a row whose keys differ from the row before starts the next
 * group after `g` (its index goes to `starts`), a dropped row (a null key) is −1; returns how many
 * groups started. A loop of its own: inside push, V8 compiled push on the stack (OSR) and reused
 * that code, which had no feedback for what follows the loop and bailed out there, batch after
 * batch (q10 under 256 MB: ~24 compilations of push, ~0.5 s of compiler).
 */
function numberGroups(differs: Uint8Array, drop: Uint8Array | null, gids: Int32Array, starts: Int32Array, n: number, g: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (drop !== null && drop[i] === 1) { gids[i] = -1; continue; }
    if (differs[i] === 1) { g++; starts[m++] = i; }
    gids[i] = g;
  }
  return m;
}

/**
 * Sets differs[i] where row i's value differs from row i − 1's (row 0 is left to the caller). Each
 * kind of array has a loop of its own: one loop over q10's int32 and float64 keys (and string
 * codes) saw a new kind of array batch after batch and was deoptimized ("wrong map") ~80 times.
 */
function markChanges(c: Column, differs: Uint8Array): void {
  const valid = c.valid;
  // a null next to a value differs; two nulls are equal, whatever their slots hold (the value
  // loops below compare only rows where both are valid)
  if (valid !== null) markValidity(valid, differs, c.length);
  const v = c.values;
  if (c.dtype === 'string') {
    if (isUniqueDictionary(c.dict!)) markInt32(v as Int32Array, valid, differs, c.length);
    // a batch's dictionary may hold a string twice (pieces of several runs): equal codes are equal strings, unequal ones are compared
    else markStrings(v as Int32Array, c.dict!, valid, differs, c.length);
  } else if (v instanceof Int32Array) markInt32(v, valid, differs, c.length);
  else if (v instanceof Float64Array) markFloat64(v, valid, differs, c.length);
  else if (v instanceof BigInt64Array) markBigInt64(v, valid, differs, c.length);
  else markOther(v, valid, differs, c.length);
}

function markValidity(valid: Uint8Array, differs: Uint8Array, n: number): void {
  for (let i = 1; i < n; i++) if (valid[i] !== valid[i - 1]) differs[i] = 1;
}

function markInt32(v: Int32Array, valid: Uint8Array | null, differs: Uint8Array, n: number): void {
  for (let i = 1; i < n; i++) if (v[i] !== v[i - 1] && (valid === null || (valid[i] & valid[i - 1]) === 1)) differs[i] = 1;
}

function markStrings(codes: Int32Array, dict: readonly string[], valid: Uint8Array | null, differs: Uint8Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const a = codes[i];
    const b = codes[i - 1];
    if (a !== b && dict[a] !== dict[b] && (valid === null || (valid[i] & valid[i - 1]) === 1)) differs[i] = 1;
  }
}

function markBigInt64(v: BigInt64Array, valid: Uint8Array | null, differs: Uint8Array, n: number): void {
  for (let i = 1; i < n; i++) if (v[i] !== v[i - 1] && (valid === null || (valid[i] & valid[i - 1]) === 1)) differs[i] = 1;
}

/** -0 === 0; NaN equals NaN. */
function markFloat64(v: Float64Array, valid: Uint8Array | null, differs: Uint8Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const a = v[i];
    const b = v[i - 1];
    if (a !== b && (a === a || b === b) && (valid === null || (valid[i] & valid[i - 1]) === 1)) differs[i] = 1;
  }
}

/** Any other numeric array (bytes of bools, …). */
function markOther(v: ArrayLike<number | bigint>, valid: Uint8Array | null, differs: Uint8Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const a = v[i] as number;
    const b = v[i - 1] as number;
    if (a !== b && (a === a || b === b) && (valid === null || (valid[i] & valid[i - 1]) === 1)) differs[i] = 1;
  }
}

/** Whether row i of `a` has the keys of row j of `b` (column.ts sameValue: null equals null, NaN equals NaN, 7 equals 7n). */
function sameRow(a: readonly Column[], i: number, b: readonly Column[], j: number): boolean {
  for (let k = 0; k < a.length; k++) if (!sameValue(a[k], i, b[k], j)) return false;
  return true;
}

/** 1 where any key is null (rows dropped when null keys are not kept), else null when no key has nulls. */
function nullRows(keys: readonly Column[], n: number): Uint8Array | null {
  let out: Uint8Array | null = null;
  for (const k of keys) {
    const valid = k.valid;
    if (valid === null) continue;
    out ??= new Uint8Array(n);
    for (let i = 0; i < n; i++) if (valid[i] === 0) out[i] = 1;
  }
  return out;
}

/** A key column as GroupIndex writes its keys: -0 as 0, a null slot's value 0. */
function canonicalKey(c: Column): Column {
  const v = c.values;
  const valid = c.valid;
  if (c.dtype === 'string' || v instanceof BigInt64Array) return c;
  for (let i = 0; i < c.length; i++) {
    if (valid !== null && valid[i] === 0) v[i] = 0;
    else if (v[i] === 0) v[i] = 0;
  }
  return c;
}
