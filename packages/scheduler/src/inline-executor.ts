/**
 * Runs tasks on the calling thread. Used for cheap local steps (combining small partials) and
 * as a deterministic executor in tests.
 */
import type { Executor, TaskCall, TaskOutcome } from './executor.js';
import { loadOp } from './worker/entry.js';
import { markTaskError } from './worker/error-data.js';

export class InlineExecutor implements Executor {
  readonly concurrency: number = 1;

  async run(call: TaskCall): Promise<TaskOutcome> {
    const start = performance.timeOrigin + performance.now();
    let value: unknown;
    try {
      value = await (await loadOp(call.op))(...call.args);
    } catch (err) {
      throw markTaskError(err);
    }
    return { value, worker: 0, start, end: performance.timeOrigin + performance.now() };
  }

  async close(): Promise<void> {}
}
