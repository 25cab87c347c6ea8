/** Picks the sink a task's spec names. */
import type { Sink } from '../pipeline-spec.js';
import { aggregateSink } from './aggregate-sink.js';
import { collectSink } from './collect-sink.js';
import { groupHeadSink } from './group-head-sink.js';
import { partitionSink } from './partition-sink.js';
import type { SinkRunner } from './sink-runner.js';
import { sortRunSink } from './sort-run-sink.js';
import { topKSink } from './top-k-sink.js';
import { windowCarrySink } from './window-carry-sink.js';
import { writeSink } from './write-sink.js';

export function createSink(sink: Sink, index: number): SinkRunner {
  switch (sink.kind) {
    case 'aggregate': return aggregateSink(sink, index);
    case 'collect': return collectSink(sink);
    case 'write': return writeSink(sink, index);
    case 'partition': return partitionSink(sink, index);
    case 'sortRun': return sortRunSink(sink, index);
    case 'topk': return topKSink(sink);
    case 'groupHead': return groupHeadSink(sink, index);
    case 'windowCarry': return windowCarrySink(sink);
  }
}
