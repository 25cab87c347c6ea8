/**
 * A task graph: tasks keyed by name, with dependencies. Owns validation (unknown deps, cycles)
 * and ordering; never runs anything.
 */
import { collectRefs, type OpRef, type TaskSpec } from './task.js';

export interface AddTask {
  key: string;
  op: OpRef;
  args?: readonly unknown[];
  group?: string;
  local?: boolean;
  bytes?: number;
}

export class TaskGraph {
  private readonly tasks = new Map<string, TaskSpec>();

  add(task: AddTask): string {
    if (this.tasks.has(task.key)) return task.key; // same key, same work: shared once
    const args = task.args ?? [];
    const spec: TaskSpec = {
      key: task.key,
      op: task.op,
      args,
      deps: [...collectRefs(args)],
      group: task.group ?? task.key.replace(/-[^-]*$/, ''),
      local: task.local,
      bytes: task.bytes,
    };
    this.tasks.set(task.key, spec);
    return task.key;
  }

  has(key: string): boolean {
    return this.tasks.has(key);
  }

  get(key: string): TaskSpec {
    const t = this.tasks.get(key);
    if (!t) throw new Error(`no task '${key}' in graph`);
    return t;
  }

  get size(): number {
    return this.tasks.size;
  }

  /** Tasks in insertion order (which is also the scheduling priority). */
  list(): TaskSpec[] {
    return [...this.tasks.values()];
  }

  /** Keys of tasks that depend on `key`. */
  dependents(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const t of this.tasks.values()) for (const d of t.deps) {
      const list = out.get(d) ?? [];
      list.push(t.key);
      out.set(d, list);
    }
    return out;
  }

  /** Throws on a dependency that is not in the graph or on a cycle. */
  validate(): void {
    const state = new Map<string, 1 | 2>();
    const visit = (key: string, path: string[]): void => {
      const s = state.get(key);
      if (s === 2) return;
      if (s === 1) throw new Error(`task graph has a cycle: ${[...path, key].join(' -> ')}`);
      state.set(key, 1);
      const t = this.tasks.get(key);
      if (!t) throw new Error(`task '${path[path.length - 1]}' depends on unknown task '${key}'`);
      for (const d of t.deps) visit(d, [...path, key]);
      state.set(key, 2);
    };
    for (const key of this.tasks.keys()) visit(key, []);
  }
}
