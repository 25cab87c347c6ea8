/**
 * Combines partition outputs in partition order, on the driver.
 *
 * First it checks where each partition's rows began: the exact start of a range's first row is
 * where the range before it stopped (row-chain.ts). A partition that guessed wrongly is re-run
 * here from the right row (rare: a quoted field with a newline straddling a range boundary).
 * Only then is an error reported, so a range that began inside quotes can never produce a false
 * error or a wrong row.
 * Then partials are merged: aggregates through a GroupIndex over the partials' keys, collected
 * rows concatenated, written files renamed from their temporary names.
 */
import type { PartitionRange } from '../io/csv/read-partition.js';
import { concatColumns, type Column } from '../kernels/column.js';
import type { PartitionOutput } from './partition-task.js';
import { csvTask, runTaskSync } from './partition-task.js';
import type { CollectedRows, PartialAggregate, PartitionResult, PipelineSpec, WrittenFile } from './pipeline-spec.js';
import { RowChain } from './row-chain.js';
import { commitWrites } from './gather.js';
import { mergePartials } from './exchange-ops.js';
import { rebuildError } from './rebuild-error.js';

export interface CombineArgs {
  spec: PipelineSpec;
  ranges: PartitionRange[];
}

export type Combined = (
  | PartialAggregate
  | CollectedRows
  | { kind: 'write'; files: string[]; rows: number; partRows: number[] }
) & BadLines;

/** Rows dropped by onBadLines, with `file:line` of the first few. */
export interface BadLines {
  skipped: number;
  skippedLines: string[];
}

/** Puts outputs in order, re-running any that guessed its first row wrong; throws real errors. */
export function validateOutputs(args: CombineArgs, outputs: readonly PartitionOutput[]): { results: PartitionResult[] } & BadLines {
  const results: PartitionResult[] = [];
  const bad: BadLines = { skipped: 0, skippedLines: [] };
  const chain = new RowChain();
  outputs.forEach((out, i) => {
    const range = args.ranges[i];
    // every range's first row is known here: only a limit stops a range early, and the limit's
    // path (runUntilLimit in execute.ts) hands over no range after the one that stopped
    const firstRow = chain.at(range)!;
    let o = out;
    // re-run here on the driver, which has every library the task needs
    if (o.firstRow !== firstRow) o = runTaskSync(csvTask({ spec: args.spec, range: { ...range, firstRow }, index: i }));
    if (o.error) throw rebuildError(o.error);
    chain.advance(o.nextRow);
    results.push(o.result!);
    bad.skipped += o.skipped;
    for (const l of o.skippedLines) if (bad.skippedLines.length < 5) bad.skippedLines.push(l);
  });
  return { results, ...bad };
}

/**
 * Checks outputs as they arrive, in partition order, so that a real error (one from a
 * partition whose first row is confirmed) stops the run at once instead of after
 * every partition has been read. Wrongly-assumed partitions are left to validateOutputs.
 */
export class PrefixChecker {
  private readonly pending = new Map<number, PartitionOutput>();
  private next = 0;
  private readonly chain = new RowChain();
  private stopped = false;

  constructor(private readonly ranges: readonly PartitionRange[]) {}

  add(out: PartitionOutput): void {
    this.pending.set(out.index, out);
    while (!this.stopped && this.pending.has(this.next)) {
      const o = this.pending.get(this.next)!;
      this.pending.delete(this.next);
      // the chain is known here: checking stops at the first range that stopped early
      const at = this.chain.at(this.ranges[this.next]);
      const confirmed = o.firstRow === at;
      if (confirmed && o.error) throw rebuildError(o.error);
      if (!confirmed || o.nextRow < 0) { this.stopped = true; break; } // the final check decides
      this.chain.advance(o.nextRow);
      this.next++;
    }
  }
}

export function combine(args: CombineArgs, outputs: PartitionOutput[]): Combined {
  const { results, ...bad } = validateOutputs(args, outputs);
  return { ...combineResults(args, results), ...bad };
}

function combineResults(args: CombineArgs, results: PartitionResult[]): PartialAggregate | CollectedRows | { kind: 'write'; files: string[]; rows: number; partRows: number[] } {
  const sink = args.spec.sink;
  switch (sink.kind) {
    case 'aggregate': return mergePartials(sink, results as PartialAggregate[]);
    case 'collect': {
      const parts = results as CollectedRows[];
      const columns = sink.fields.map((f, k) => concatColumns(parts.map((p) => p.columns[k]), f.dtype));
      // no cut for a limit: each range of runUntilLimit collects at most the rows still wanted
      const length = parts.reduce((n, p) => n + p.length, 0);
      return { kind: 'collect', length, columns: columns.map((c) => ({ ...c, length, values: c.values.subarray(0, length), valid: c.valid ? c.valid.subarray(0, length) : null })) as Column[] };
    }
    case 'write': return { kind: 'write', ...commitWrites(sink, results as WrittenFile[]) };
    default: throw new Error(`internal: the single-stage path has no ${sink.kind} sink`);
  }
}
