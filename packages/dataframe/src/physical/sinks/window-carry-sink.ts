/**
 * Sums up a task's rows for a running window (kernels/running-window.ts): what they carry to the
 * window's later tasks — their count, each call's running sum and extreme, the last rows a lag or
 * short frame reaches back to. The driver chains the tasks' summaries into each task's carry.
 */
import { RunningWindow } from '../../kernels/running-window.js';
import type { Sink } from '../pipeline-spec.js';
import type { SinkRunner } from './sink-runner.js';

export function windowCarrySink(sink: Extract<Sink, { kind: 'windowCarry' }>): SinkRunner {
  const window = new RunningWindow(sink.calls, sink.types, null, sink.sorted === true);
  return {
    push(b) {
      window.fold(b); // an empty batch folds nothing
      return true;
    },
    finish() {
      return { kind: 'windowCarry', carry: window.carry() };
    },
    abort() {},
  };
}
