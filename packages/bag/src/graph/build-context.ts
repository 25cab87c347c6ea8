/**
 * Turns bag nodes into tasks of one graph, for one computation. Partition tasks are registered
 * task ops with plain-data arguments (source, steps, sink); a node's upstream tasks are added
 * once however many results use it. Owns the spill settings of the computation: the spill
 * directory (created on first use) and the byte thresholds that map tasks spill past.
 */
import { ref, TaskGraph, type TaskRef } from '@floe/scheduler';
import type { SpillDir } from '@floe/dataframe';
import type { BagNode } from './bag-node.js';
import { bagModule } from './module-url.js';
import type { Sink, Source } from './spec.js';

/** A partition runs users' functions, whose results it returns: copied back, not moved (a typed array a function keeps was emptied on its worker). */
export const RUN_PARTITION = { module: bagModule('ops/run-partition'), export: 'runPartition', copyResult: true };
/** Runs users' combine functions (foldby): copied back too. */
export const REDUCE_KEYED = { module: bagModule('ops/keyed-reduce'), export: 'reduceKeyed', copyResult: true };
export const COMBINE_REDUCE = { module: bagModule('ops/reduce'), export: 'combineReduce' };

export class BuildContext {
  readonly graph = new TaskGraph();
  private readonly sourcesMemo = new Map<number, Source[]>();

  constructor(
    private readonly spillDir: SpillDir,
    /** The computation's memory budget in bytes. */
    readonly budget: number,
    /** Tasks in flight at once: they share the budget. */
    readonly inFlight: number,
  ) {}

  get spillPath(): string {
    return this.spillDir.dir;
  }

  sourcesOf(node: BagNode): Source[] {
    let s = this.sourcesMemo.get(node.id);
    if (!s) {
      s = node.sources(this);
      this.sourcesMemo.set(node.id, s);
    }
    return s;
  }

  /**
   * The first in-memory element (fromSequence's) that structured clone refuses, with its index
   * in the sequence and its partition: what a task that could not be sent to a worker held.
   * Clones the elements again, so it is only for explaining that failure.
   */
  uncloneableItem(): { index: number; partition: number; error: unknown } | null {
    for (const sources of this.sourcesMemo.values()) {
      let offset = 0;
      for (const [partition, s] of sources.entries()) {
        if (s.kind !== 'items' || !Array.isArray(s.items)) continue;
        for (let k = 0; k < s.items.length; k++) {
          try {
            structuredClone(s.items[k]);
          } catch (error) {
            return { index: offset + k, partition, error };
          }
        }
        offset += s.items.length;
      }
    }
    return null;
  }

  /**
   * One task per partition of `node`, feeding `sink(i)`; `tag` names what consumes them (keys
   * `<group>-<node>-<tag>-<i>`). `local`: the sink's own functions capture variables.
   * A plain collect of a partition an upstream task already produced is that task itself.
   */
  partitionTasks(node: BagNode, tag: string, sink: (i: number) => Sink, local = false, range?: readonly [number, number]): string[] {
    const all = this.sourcesOf(node);
    const from = range?.[0] ?? 0;
    return all.slice(from, range?.[1] ?? all.length).map((source, k) => {
      const i = from + k;
      const s = sink(i);
      if (s.kind === 'collect' && node.steps.length === 0 && source.kind === 'items' && isWholeResult(source.items)) {
        return source.items.$ref;
      }
      return this.graph.add({
        key: `${node.name}-${node.id}-${tag}-${i}`,
        group: node.name,
        op: RUN_PARTITION,
        args: [source, node.steps, s, i],
        local: node.local || local || undefined,
        bytes: node.bytes?.[i],
      });
    });
  }
}

/** `ref(key, ['value'])`: a partition that an upstream task returned whole. */
function isWholeResult(items: unknown): items is TaskRef {
  const r = items as TaskRef;
  return typeof r === 'object' && r !== null && typeof r.$ref === 'string' && r.$path?.length === 1 && r.$path[0] === 'value';
}

export function valueRef(key: string): TaskRef {
  return ref(key, ['value']);
}
