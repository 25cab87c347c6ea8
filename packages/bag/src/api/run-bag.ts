/**
 * Runs the tasks a bag computation needs: builds them into one graph for this run (with the
 * run's spill directory and memory budget), runs it where compute() runs everything (the given
 * executor or client, else the shared pool), reports skipped malformed lines as one warning,
 * and removes the spill directory on success, error and cancel.
 */
import { memoryBudget, SpillDir } from '@floe/dataframe';
import { runContext, runGraph, type RunOptions } from '@floe/scheduler';
import { BuildContext } from '../graph/build-context.js';
import type { PartitionResult } from '../graph/spec.js';

export interface BagComputeOptions extends RunOptions {
  /** What keyed aggregations (groupBy, distinct, frequencies, foldby) hold before spilling to disk, e.g. `'256MB'` (default: an eighth of RAM, 256–512 MiB). */
  memoryLimit?: number | string;
}

export async function runBag(build: (ctx: BuildContext) => string[], options: BagComputeOptions, what = 'compute()'): Promise<unknown[]> {
  const run = runContext(options, what);
  const spill = new SpillDir();
  let ctx: BuildContext | null = null;
  try {
    ctx = new BuildContext(spill, memoryBudget(options.memoryLimit), run.maxInFlight);
    const outputs = build(ctx);
    let skipped = 0;
    const examples: string[] = [];
    const out = await runGraph(ctx.graph, {
      executor: run.executor,
      signal: run.signal,
      onEvent: run.onEvent,
      maxInFlight: run.maxInFlight,
      outputs: [...new Set(outputs)],
      onTaskResult: (_key, value) => {
        const bad = (value as PartitionResult | null)?.bad;
        if (bad?.warn) {
          skipped += bad.count;
          for (const e of bad.examples) if (examples.length < 5) examples.push(e);
        }
      },
    });
    if (skipped > 0) {
      process.emitWarning(`skipped ${skipped} malformed JSON line${skipped === 1 ? '' : 's'} (onBadLines: 'warn'): ${examples.join('; ')}${skipped > examples.length ? '; …' : ''}`, { code: 'FLOE_BAD_LINES' });
    }
    return outputs.map((k) => out.get(k));
  } catch (err) {
    throw (err as Error)?.name === 'DataCloneError' && ctx ? (explainUncloneable(ctx, err) ?? err) : err;
  } finally {
    spill.remove();
    run.finish();
  }
}

/** A task that could not be sent to a worker: which fromSequence element stopped it, if one did. */
function explainUncloneable(ctx: BuildContext, err: unknown): TypeError | null {
  const found = ctx.uncloneableItem();
  if (found === null) return null;
  const why = found.error instanceof Error ? found.error.message : String(found.error);
  return new TypeError(
    `fromSequence(): item ${found.index} (in partition ${found.partition}) cannot be sent to a worker: ${why} Items must be structured-cloneable: numbers, strings, bigints, booleans, null, Dates, arrays, plain objects, Maps, Sets, typed arrays; not functions, symbols or objects holding them`,
    { cause: err },
  );
}
