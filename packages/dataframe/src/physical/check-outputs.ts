/**
 * Checks the outputs of one group of tasks before anything reads them: a CSV range whose
 * quote-parity assumption was wrong is re-run here with the right parity (see combine.ts),
 * and only then is an error real. Non-CSV tasks have no assumption: their error is real.
 */
import { ParityChain } from './parity-chain.js';
import type { PartitionOutput } from './partition-task.js';
import { runTask } from './partition-task.js';
import type { PartitionResult, TaskSpec } from './pipeline-spec.js';
import { rebuildError } from './rebuild-error.js';

export interface CheckedOutputs {
  results: PartitionResult[];
  skipped: number;
  skippedLines: string[];
}

export function checkOutputs(specs: readonly TaskSpec[], outputs: readonly PartitionOutput[]): CheckedOutputs {
  const results: PartitionResult[] = [];
  let skipped = 0;
  const skippedLines: string[] = [];
  const parity = new ParityChain();
  outputs.forEach((out, i) => {
    const spec = specs[i];
    let o = out;
    if (spec.input.kind === 'csv') {
      const range = spec.input.range;
      const inQuotes = parity.at(range.path);
      if (range.startInQuotes !== inQuotes) o = runTask({ spec: { ...spec, input: { kind: 'csv', range: { ...range, startInQuotes: inQuotes } } }, index: out.index });
      if (o.error) throw rebuildError(o.error);
      parity.advance(o.quotes);
    } else if (o.error) throw rebuildError(o.error);
    results.push(o.result!);
    skipped += o.skipped;
    for (const l of o.skippedLines) if (skippedLines.length < 5) skippedLines.push(l);
  });
  return { results, skipped, skippedLines };
}
