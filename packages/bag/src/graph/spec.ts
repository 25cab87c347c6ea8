/**
 * The plain data a bag's partition task receives (tasks are data: everything here is
 * structured-cloneable; user functions travel as CallableSpecs, never as closures).
 *
 *   Source  where a partition's elements come from: a list (fromSequence, or an upstream
 *           task's result substituted for a reference), or a byte range / whole gzip file
 *   Step    what is done to each element, fused in one pass: map, filter, pluck, flatten
 *   Sink    what the partition task returns: its elements, the first n, a reduction's partial,
 *           keyed-aggregation buckets (spilled past a threshold), or a written file
 */
import type { CallableSpec } from '@floe/scheduler';

export type OnBadLines = 'error' | 'skip' | 'warn';

export type Source =
  | { kind: 'items'; items: readonly unknown[] }
  | {
      kind: 'text';
      path: string;
      /** Byte range: the partition owns the lines that start in [start, end). */
      start: number;
      end: number;
      gzip: boolean;
      /** Parse each line as JSON (readNdjson); blank lines are skipped. */
      json: { onBadLines: OnBadLines } | null;
    };

export type Step =
  | { kind: 'map'; fn: CallableSpec }
  | { kind: 'filter'; fn: CallableSpec }
  /** `key` a list: the values at those keys, as an array (Dask's tuple). */
  | { kind: 'pluck'; key: string | number | readonly (string | number)[] }
  | { kind: 'flatten' };

export type ReduceSpec =
  | { kind: 'count' }
  | { kind: 'sum' }
  | { kind: 'min' }
  | { kind: 'max' }
  | { kind: 'mean' }
  | { kind: 'var'; ddof: number; sqrt: boolean }
  | { kind: 'fold'; binop: CallableSpec; combine: CallableSpec; initial: { value: unknown } | null }
  | { kind: 'topk'; k: number; key: CallableSpec | null; descending: boolean };

/** A per-key aggregation moved between partitions by hash of the key. */
export type KeyedSpec =
  | { kind: 'frequencies' }
  | { kind: 'distinct' }
  | { kind: 'groupBy'; key: CallableSpec }
  | { kind: 'foldby'; key: CallableSpec; binop: CallableSpec; initial: { value: unknown } | null; combine: CallableSpec; combineInitial: { value: unknown } | null };

export interface SpillSpec {
  dir: string;
  /** File names start with this (unique per task). */
  name: string;
  /** Bytes (estimated) a map task holds before it spills its buckets. */
  threshold: number;
  /** Bytes it may return in memory at its end (the calling thread holds every map's tail until the reduces start). */
  keepAtEnd: number;
}

export type Sink =
  | { kind: 'collect' }
  | { kind: 'take'; n: number }
  | { kind: 'reduce'; spec: ReduceSpec }
  | { kind: 'keyed'; spec: KeyedSpec; p: number; spill: SpillSpec }
  | { kind: 'write'; path: string }
  | { kind: 'write-csv'; path: string; columns: string[] };

/** What every partition task returns: its value, and the lines it skipped (onBadLines). */
export interface PartitionResult<V = unknown> {
  value: V;
  bad: BadLines | null;
}

/**
 * Bucket j of one map task: spilled records (oldest first), then what stayed in memory, as one
 * V8-serialized record: bytes move between threads by transfer and copy, where an array of
 * [key, value] pairs would be cloned object by object on the calling thread, twice.
 */
export interface Bucket {
  file: string | null;
  mem: Uint8Array | null;
}

/** Malformed JSON lines a partition skipped (onBadLines 'skip' or 'warn'), with the first few located. */
export interface BadLines {
  count: number;
  examples: string[];
  warn: boolean;
}
