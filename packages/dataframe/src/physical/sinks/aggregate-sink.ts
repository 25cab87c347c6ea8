/**
 * Partial aggregation of one task's rows: a GroupIndex maps rows to groups, each aggregate call
 * folds them into its state. With `partitions`, the partial is split by key hash into P buckets
 * (the map side of a hash-partitioned aggregate: bucket i of every task goes to reduce task
 * i) — at the end, or whenever the task's table reaches `maxGroups` — and a bucket over the
 * spill threshold, or past what the task may keep over all its flushes, is written to disk.
 */
import { createState, estimatedBytes, merge, reserveState, split, update, type AggState } from '../../kernels/aggregates.js';
import { compactDictionary } from '../../kernels/compact-dictionary.js';
import { evalExpr } from '../../kernels/eval-expr.js';
import { GroupIndex } from '../../kernels/group-index.js';
import { bucketsOf, countBuckets } from '../../kernels/hash-partition.js';
import { takeColumn } from '../../kernels/sort.js';
import type { AggCall, PartialAggregate, Sink } from '../pipeline-spec.js';
import { columnsBytes, KeepAllowance, keepOrSpillState, type StateChunk } from '../row-chunk.js';
import { packedKeyPieces, packPartial } from '../packed-partial.js';
import type { SinkRunner } from './sink-runner.js';

export function aggregateSink(sink: Extract<Sink, { kind: 'aggregate' }>, index: number): SinkRunner {
  let groups = sink.keys.length > 0 ? new GroupIndex(sink.keyTypes, sink.keepNullKeys) : null;
  let states = sink.calls.map((c) => createState(c));
  let gids: Int32Array = new Int32Array(0);
  const split = sink.partitions;
  // a partial expected to hold every group of a key (operator-graph.ts): room made for them once
  const expected = split?.expectedGroups ?? 0;
  if (groups !== null && expected > 0) {
    groups.reserve(expected);
    states.forEach((s, k) => reserveState(s, sink.calls[k], expected));
  }
  // a hash-partitioned partial that reaches maxGroups is split and handed over (kept or
  // spilled) as one piece, and the task starts a fresh table: its memory stays bounded
  const pieces: StateChunk<PartialAggregate>[][] = split ? Array.from({ length: split.p }, () => []) : [];
  // over all its flushes, a task keeps in memory what one piece per bucket may hold
  const allowance = split ? new KeepAllowance(split.spill.threshold * split.p) : undefined;
  const flush = (): void => {
    // each piece compacts its own keys' strings (splitPartial)
    const partial: PartialAggregate = { kind: 'aggregate', ngroups: groups!.size, keys: groups!.keyColumns(true), states };
    splitPartial(partial, sink.calls, split!.p).forEach((part, b) => {
      if (part.ngroups > 0) pieces[b].push(keepOrSpillState(packPartial(part), partialBytes(part, sink.calls), split!.spill, `m${index}-p${pieces[b].length}-b${b}`, allowance));
    });
    groups = new GroupIndex(sink.keyTypes, sink.keepNullKeys);
    states = sink.calls.map((c) => createState(c));
  };
  return {
    push(b) {
      const n = b.length;
      if (n === 0) return true;
      if (groups) gids = groups.map(sink.keys.map((k) => evalExpr(k, b)), n, gids);
      else if (gids.length < n) gids = new Int32Array(n);
      const ngroups = groups ? groups.size : 1;
      // without keys every row is group 0 (gids stay zero)
      const one = groups ? groups.uniform : 0;
      sink.calls.forEach((call, k) => update(states[k], call, gids, b, n, ngroups, one));
      if (split && groups && groups.size >= split.maxGroups) flush();
      return true;
    },
    finish() {
      if (!split || !groups) return { kind: 'aggregate', ngroups: groups ? groups.size : 1, keys: groups ? groups.keyColumns() : [], states };
      if (groups.size > 0) flush();
      return { kind: 'aggregate-split', buckets: pieces };
    },
    abort() {},
  };
}

/**
 * Splits a partial into p partials by key hash (groups keep their order within a bucket). A
 * string key's piece keeps only its own entries of the dictionary: the whole dictionary in
 * every piece would be copied (or spilled) p times; a single key of a scan's dictionary goes to
 * its pieces as bytes, in one pass (packedKeyPieces). A reduction that can split its state in one
 * pass does (median: its values, 15 passes over 650 k of them a partial before); the others merge
 * each bucket's groups out of the state, through one group → piece-row map that serves every
 * bucket in turn (set for the bucket's groups, merged, cleared): p maps of every group were
 * p × 4 bytes a group at once.
 */
export function splitPartial(partial: PartialAggregate, calls: readonly AggCall[], p: number): PartialAggregate[] {
  const n = partial.ngroups;
  const bucket = bucketsOf(partial.keys, n, p);
  // the groups ordered by bucket (counting sort: group order within a bucket)
  const start = new Int32Array(p + 1);
  countBuckets(bucket, n, start.subarray(1));
  for (let b = 0; b < p; b++) start[b + 1] += start[b];
  // and each group's place in its bucket, for the reductions that split in one pass
  const local = new Int32Array(n);
  const order = bucketOrder(bucket, start, n, p, local);
  const sizes = new Int32Array(p);
  for (let b = 0; b < p; b++) sizes[b] = start[b + 1] - start[b];
  const splitStates = calls.map((c, k) => split(partial.states[k], c, bucket, local, sizes));
  // the group → piece-row map, for the reductions that merge each bucket out of the state
  const mapped = splitStates.some((st) => st === null);
  const map = new Int32Array(mapped ? n : 0).fill(-1);
  const packedKeys = partial.keys.length === 1 ? packedKeyPieces(partial.keys[0], bucket, order, start) : null;
  const pieces: PartialAggregate[] = [];
  for (let b = 0; b < p; b++) {
    const groups = order.subarray(start[b], start[b + 1]);
    const count = groups.length;
    if (mapped) for (let j = 0; j < count; j++) map[groups[j]] = j;
    const states: AggState[] = calls.map((c, k) => {
      const done = splitStates[k];
      if (done !== null) return done[b];
      const s = createState(c);
      if (count > 0) merge(s, c, partial.states[k], map, n, count);
      return s;
    });
    if (mapped) for (let j = 0; j < count; j++) map[groups[j]] = -1;
    if (packedKeys !== null) pieces.push({ kind: 'aggregate', ngroups: count, keys: [packedKeys[b].column], states, packed: [packedKeys[b].packed] });
    else pieces.push({ kind: 'aggregate', ngroups: count, keys: partial.keys.map((c) => compactDictionary(takeColumn(c, groups))), states });
  }
  return pieces;
}

// splitPartial's loops (the count is hash-partition.ts's countBuckets), each a function of its own
// with nothing after it but its result: one call a flush, its loops long, so V8 compiles each on
// the stack, and code after a loop in the same function had no type feedback (splitPartial
// bailed out 3–4 times a worker in q3)

/** The groups in bucket order (in group order within a bucket), and each one's place in its bucket (`local`). */
function bucketOrder(bucket: Int32Array, start: Int32Array, n: number, p: number, local: Int32Array): Int32Array {
  const next = start.slice(0, p);
  const order = new Int32Array(n);
  for (let g = 0; g < n; g++) {
    const b = bucket[g];
    const j = next[b]++;
    order[j] = g;
    local[g] = j - start[b];
  }
  return order;
}

/** Bytes a partial holds: its key columns (codes, and the dictionary entries they carry) and each reduction's own estimate. */
export function partialBytes(p: PartialAggregate, calls: readonly AggCall[]): number {
  let bytes = columnsBytes(p.keys);
  for (const k of p.packed ?? []) if (k) bytes += k.data.byteLength + k.offsets.byteLength;
  p.states.forEach((s, k) => { bytes += estimatedBytes(s, calls[k], p.ngroups); });
  return bytes;
}
