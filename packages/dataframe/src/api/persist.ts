/**
 * `const p = await df.persist()`: runs the query once and keeps its partitions — in memory
 * within the memory budget (each partition its share of it), spilled to Arrow IPC files in a
 * per-persist temp directory beyond it. Queries on `p` read those partitions and nothing
 * upstream. `p.unpersist()` frees them and removes the directory; process exit and Ctrl-C
 * remove it too (physical/spill-dir.ts).
 */
import { getCurrentClient } from '@floe/scheduler';
import { dropPersisted, persistedStorage, storePersisted, type PersistedStorage } from '../io/persisted/persisted-source.js';
import { optimize } from '../optimizer/optimize.js';
import { defaultExecutor, planWeight } from '../physical/default-executor.js';
import { runGraphWithWidening, type ComputeOptions } from '../physical/execute.js';
import { SpillDir } from '../physical/spill-dir.js';
import { explainPlan } from '../plan/explain.js';
import type { LogicalPlan, ScanNode } from '../plan/logical-plan.js';
import { DataFrame } from './dataframe.js';
import { resolveScalars } from './scalar-subquery.js';

/** A DataFrame over persisted partitions; its verbs return ordinary DataFrames reading them. */
export class PersistedFrame extends DataFrame {
  constructor(plan: ScanNode, private readonly id: number) {
    super(plan);
  }

  /** Rows and partitions held, in memory and on disk (null once unpersisted). */
  get storage(): PersistedStorage | null {
    return persistedStorage(this.id);
  }

  /** Frees the partitions and removes their files; frames built on this one then fail to run. Safe to call twice. */
  unpersist(): void {
    dropPersisted(this.id);
  }
}

export async function persistFrame(plan: LogicalPlan, opts: ComputeOptions): Promise<PersistedFrame> {
  const resolved = await resolveScalars(plan, opts);
  // beside the query's spill files: the executor's folder (a cluster's shared storage) or the temp dir
  const executor = opts.executor ?? getCurrentClient()?.executor ?? defaultExecutor(planWeight(resolved));
  const dir = new SpillDir(executor.spillDir, 'floe-persist');
  let run: Awaited<ReturnType<typeof runGraphWithWidening>>;
  try {
    run = await runGraphWithWidening(resolved, opts, { persist: dir.dir });
  } catch (err) {
    dir.remove();
    throw err;
  }
  const chunks = run.gathered.chunks;
  if (!chunks.some((c) => c.kind === 'file')) dir.remove(); // all in memory: no directory to keep
  const source = storePersisted(run.gathered.fields, chunks, dir, originOf(resolved));
  return new PersistedFrame({ kind: 'scan', source, blocksize: 0, columns: null, parts: Object.create(null) as ScanNode['parts'] }, source.id);
}

/** The persisted query in one line: its optimized plan's steps, outermost first. */
function originOf(plan: LogicalPlan): string {
  const steps = explainPlan(optimize(plan)).split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const text = steps.join(' ← ');
  return text.length > 300 ? `${text.slice(0, 297)}…` : text;
}
