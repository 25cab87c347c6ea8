/**
 * The map side of a keyed aggregation (frequencies, distinct, groupBy, foldby), run in each
 * partition task: folds elements into a per-key table (so frequencies send one count per
 * distinct key, not one per element), and when the table's estimated size passes the spill
 * threshold, splits it by bucket (hash of the key) and appends each bucket's entries to its
 * spill file, then starts a fresh table. At the end, what is left is split by bucket and
 * returned in memory. Reduce task j reads bucket j of every map task (keyed-reduce.ts).
 *
 * Entries are [key, accumulator] pairs in first-seen order; spilled records precede the
 * in-memory tail, so a group's values keep their input order across spills.
 */
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { loadCallable } from '@floe/scheduler';
import type { Bucket, KeyedSpec, SpillSpec } from '../graph/spec.js';
import { appendRecord } from '../io/spill-file.js';
import { guardElement, guardFold } from './callback-error.js';
import { estimateSize } from './estimate-size.js';
import { bucketOf, hashKey, isOwnKey, type HashKey } from './hash-key.js';
import { syncResult } from './pipeline.js';

/** How one kind of keyed aggregation starts and grows an accumulator (map side) and merges two (reduce side). */
export interface KeyedOps {
  keyOf(x: unknown): unknown;
  /** The accumulator after x, `has` false for a key's first element. */
  update(acc: unknown, has: boolean, x: unknown): unknown;
  merge(acc: unknown, has: boolean, other: unknown): unknown;
  /** Estimated bytes an update adds beyond a new key's entry. */
  growth(x: unknown): number;
}

/** `partition`: the map task's partition, for errors of user functions (null on the reduce side). */
export async function keyedOps(spec: KeyedSpec, partition: number | null = null): Promise<KeyedOps> {
  const identity = (x: unknown): unknown => x;
  switch (spec.kind) {
    case 'frequencies':
      return { keyOf: identity, update: (acc, has) => (has ? (acc as number) + 1 : 1), merge: (a, has, b) => (has ? (a as number) + (b as number) : b), growth: () => 0 };
    case 'distinct':
      return { keyOf: identity, update: () => true, merge: () => true, growth: () => 0 };
    case 'groupBy': {
      const key = guardElement(await loadCallable(spec.key), 'groupBy', spec.key.name, partition);
      return {
        keyOf: (x) => syncResult(key(x), spec.key.name, 'groupBy'),
        update: (acc, has, x) => {
          if (!has) return [x];
          (acc as unknown[]).push(x);
          return acc;
        },
        merge: (a, has, b) => {
          if (!has) return b;
          for (const v of b as unknown[]) (a as unknown[]).push(v);
          return a;
        },
        growth: (x) => 8 + estimateSize(x),
      };
    }
    case 'foldby': {
      const key = guardElement(await loadCallable(spec.key), 'foldby', spec.key.name, partition);
      const binop = guardFold(await loadCallable(spec.binop), 'foldby', spec.binop.name, partition);
      const combine = await loadCallable(spec.combine);
      const initial = spec.initial;
      const combineInitial = spec.combineInitial;
      return {
        keyOf: (x) => syncResult(key(x), spec.key.name, 'foldby'),
        update: (acc, has, x) => (has ? syncResult(binop(acc, x), spec.binop.name, 'foldby') : initial ? syncResult(binop(initial.value, x), spec.binop.name, 'foldby') : x),
        merge: (a, has, b) => (has ? syncResult(combine(a, b), spec.combine.name, 'foldby') : combineInitial ? syncResult(combine(combineInitial.value, b), spec.combine.name, 'foldby') : b),
        growth: () => 0,
      };
    }
    default:
      throw new Error(`internal: unknown keyed aggregation ${(spec as { kind: string }).kind}`);
  }
}

export class KeyedMap {
  /**
   * Key → accumulator; for frequencies, key → slot in `counts` (one lookup per element instead
   * of a get and a set: the word-count hot loop).
   */
  private table = new Map<HashKey, unknown>();
  /** The original key of entries whose key is an object (others are their own hash key). */
  private originals = new Map<HashKey, unknown>();
  private held = 0;
  private readonly files: (string | null)[];
  /** frequencies: the count of the key in slot i (null for the other aggregations). */
  private counts: Float64Array | null;
  private slots = 0;

  constructor(
    private readonly ops: KeyedOps,
    private readonly p: number,
    private readonly spill: SpillSpec,
    kind: KeyedSpec['kind'],
  ) {
    this.files = Array.from({ length: p }, () => null);
    this.counts = kind === 'frequencies' ? new Float64Array(1024) : null;
  }

  push(x: unknown): void {
    const counts = this.counts;
    if (counts !== null) {
      const key = typeof x === 'string' && isOwnKey(x) ? x : hashKey(x);
      const slot = (this.table as Map<HashKey, number>).get(key);
      if (slot !== undefined) {
        counts[slot]++;
        return;
      }
      this.newCount(key, x);
      return;
    }
    const key = this.ops.keyOf(x);
    const hk = hashKey(key);
    const table = this.table;
    const has = table.has(hk);
    if (!has) {
      this.held += 48 + estimateSize(key);
      if (hk !== key) this.originals.set(hk, key);
    }
    table.set(hk, this.ops.update(has ? table.get(hk) : undefined, has, x));
    this.held += this.ops.growth(x);
    if (this.held > this.spill.threshold) this.spillAll();
  }

  /** frequencies: the first element of key `hk` (whose original is `x`) in this table. */
  private newCount(hk: HashKey, x: unknown): void {
    let counts = this.counts!;
    if (this.slots === counts.length) {
      const grown = new Float64Array(counts.length * 2);
      grown.set(counts);
      this.counts = counts = grown;
    }
    const slot = this.slots++;
    counts[slot] = 1;
    this.table.set(hk, slot);
    if (hk !== x) this.originals.set(hk, x);
    this.held += typeof x === 'string' ? 64 + 2 * x.length : 48 + estimateSize(x);
    if (this.held > this.spill.threshold) this.spillAll();
  }

  /** Bucket j of this map task, for reduce task j. */
  finish(): Bucket[] {
    if (this.held > this.spill.keepAtEnd) this.spillAll();
    const mem = this.split();
    return mem.map((entries, j) => ({ file: this.files[j], mem: entries.length === 0 ? null : new Uint8Array(serialize(entries)) }));
  }

  private split(): [unknown, unknown][][] {
    const out = Array.from({ length: this.p }, () => [] as [unknown, unknown][]);
    const counts = this.counts;
    const originals = this.originals.size > 0 ? this.originals : null;
    for (const [hk, v] of this.table) {
      const key = originals?.has(hk) ? originals.get(hk) : hk;
      out[bucketOf(hk, this.p)].push([key, counts === null ? v : counts[v as number]]);
    }
    this.table = new Map();
    this.originals = new Map();
    this.held = 0;
    this.slots = 0;
    return out;
  }

  private spillAll(): void {
    this.split().forEach((entries, j) => {
      if (entries.length === 0) return;
      const first = this.files[j] === null;
      const path = (this.files[j] ??= join(this.spill.dir, `${this.spill.name}-b${j}.v8`));
      appendRecord(path, entries, first);
    });
  }
}
