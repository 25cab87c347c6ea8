/**
 * Checks the outputs of one group of tasks before anything reads them: a CSV range that
 * guessed its first row wrong is re-run here from the right row (see combine.ts, row-chain.ts),
 * and only then is an error real. Non-CSV tasks have no assumption: their error is real. Tasks
 * over shared ranges are checked range by range (shared-ranges.ts).
 */
import { RowChain } from './row-chain.js';
import type { PartitionOutput } from './partition-task.js';
import { runTaskSync } from './partition-task.js';
import type { PartitionResult, TaskSpec } from './pipeline-spec.js';
import { rebuildError } from './rebuild-error.js';
import { checkSharedRanges } from './shared-ranges.js';

export interface CheckedOutputs {
  results: PartitionResult[];
  skipped: number;
  skippedLines: string[];
}

export function checkOutputs(specs: readonly TaskSpec[], outputs: readonly PartitionOutput[]): CheckedOutputs {
  if (specs.length > 0 && specs[0].input.kind === 'sharedRanges') return checkSharedRanges(specs, outputs);
  const results: PartitionResult[] = [];
  let skipped = 0;
  const skippedLines: string[] = [];
  const chain = new RowChain();
  outputs.forEach((out, i) => {
    const spec = specs[i];
    let o = out;
    if (spec.input.kind === 'csv') {
      const range = spec.input.range;
      const firstRow = chain.at(range);
      // after a range that stopped at a satisfied limit: this one's rows come after the limit's
      // rows, which the limit cuts, so they (and any error or skipped row in them) are not needed
      if (firstRow === null) return;
      if (o.firstRow !== firstRow) o = runTaskSync({ spec: { ...spec, input: { kind: 'csv', range: { ...range, firstRow } } }, index: out.index });
      if (o.error) throw rebuildError(o.error);
      chain.advance(o.nextRow);
    } else if (o.error) throw rebuildError(o.error);
    results.push(o.result!);
    skipped += o.skipped;
    for (const l of o.skippedLines) if (skippedLines.length < 5) skippedLines.push(l);
  });
  return { results, skipped, skippedLines };
}
