/**
 * A stage's CSV input as ranges its tasks claim from a shared cursor (TaskInput 'sharedRanges'):
 * one task a worker, each reading range after range into its one sink until none is left, so a
 * thread on a slower core reads fewer ranges instead of ending its one partition last. On this
 * machine's busy hours one of the two cores ran ~1.45× slower: with one partition a worker, the
 * other worker idled for up to 0.6 s of db-benchmark q3's ~2 s.
 *
 *   splitRanges        — the planned partitions cut into smaller ranges, in file order;
 *   sharedRounds       — and those ranges in rounds, each read by its own tasks in turn;
 *   checkSharedRanges  — on the driver, after the tasks: where each range's rows begin, checked
 *                        in file order as for static partitions (row-chain.ts), with the rare
 *                        range that guessed its first row wrong, or was never read, re-read here.
 *
 * A range read from a wrong guess leaves rows that are not the file's in the partial of the
 * task that read it; that task's output is then dropped whole and each of its ranges re-read
 * on the driver from its exact first row. A range that failed stops every task (the cursor
 * moves to the end); its error is thrown once its first row is confirmed and its task read no
 * range wrongly before it (a task's batch goes on from range to range), as for a partition.
 */
import type { PartitionRange } from '../io/csv/read-partition.js';
import { runTaskSync, type ClaimedRange, type PartitionOutput } from './partition-task.js';
import type { PartitionResult, TaskInput, TaskSpec } from './pipeline-spec.js';
import { rebuildError } from './rebuild-error.js';
import { RowChain } from './row-chain.js';

/** Each range cut into pieces of about `bytes` (at least one a range), in the same order. */
export function splitRanges(ranges: readonly PartitionRange[], bytes: number): PartitionRange[] {
  const out: PartitionRange[] = [];
  for (const r of ranges) {
    const n = Math.max(1, Math.round((r.end - r.start) / bytes));
    for (let i = 0; i < n; i++) {
      const start = r.start + Math.floor(((r.end - r.start) * i) / n);
      const end = i === n - 1 ? r.end : r.start + Math.floor(((r.end - r.start) * (i + 1)) / n);
      const { firstRow, ...rest } = r;
      // only the first piece starts where the planned range does: a known first row is its
      out.push(i === 0 && firstRow !== undefined ? { ...rest, start, end, firstRow } : { ...rest, start, end });
    }
  }
  return out;
}

/**
 * The planned partitions as the rounds of a stage over shared ranges: rounds of about
 * `roundBytes` a worker, each cut into ranges of at most `maxRange` — and 32 a worker or more
 * (at least 1 MB), so that the first task to end waits at most for a 32nd of its share; with the
 * partitions' bytes in all.
 */
export function sharedRounds(planned: readonly PartitionRange[], workers: number, roundBytes: number, maxRange: number): { rounds: PartitionRange[][]; rangeBytes: number; bytes: number } {
  const bytes = planned.reduce((n, r) => n + (r.end - r.start), 0);
  const count = Math.max(1, Math.ceil(bytes / (roundBytes * workers)));
  const rangeBytes = Math.max(1 << 20, Math.min(maxRange, Math.ceil(bytes / count / (32 * workers))));
  const rounds: PartitionRange[][] = Array.from({ length: count }, () => []);
  let at = 0;
  for (const r of splitRanges(planned, rangeBytes)) {
    rounds[Math.min(count - 1, Math.floor((at * count) / bytes))].push(r);
    at += r.end - r.start;
  }
  return { rounds: rounds.filter((r) => r.length > 0), rangeBytes, bytes };
}

export interface CheckedShared {
  results: PartitionResult[];
  skipped: number;
  skippedLines: string[];
}

/**
 * The outputs of a stage over shared ranges, checked (see the top comment); throws a confirmed
 * range's error. `specs` are the stage's tasks in order: a round's tasks share one input (its
 * cursor), and the rounds' ranges follow each other in file order, so they are checked as one.
 */
export function checkSharedRanges(specs: readonly TaskSpec[], outputs: readonly PartitionOutput[]): CheckedShared {
  const ranges: PartitionRange[] = [];
  const specOf: TaskSpec[] = [];
  const base = new Map<SharedArrayBuffer, number>();
  const inputOf = (s: TaskSpec) => s.input as Extract<TaskInput, { kind: 'sharedRanges' }>;
  for (const s of specs) {
    const input = inputOf(s);
    if (base.has(input.cursor)) continue;
    base.set(input.cursor, ranges.length);
    for (const r of input.ranges) {
      ranges.push(r);
      specOf.push(s);
    }
  }
  const n = ranges.length;
  const claims: (ClaimedRange | undefined)[] = new Array(n);
  const owner = new Int32Array(n).fill(-1);
  outputs.forEach((o, i) => {
    const b = base.get(inputOf(specs[i]).cursor)!;
    for (const c of o.claimed ?? []) {
      claims[b + c.range] = c;
      owner[b + c.range] = i;
    }
  });
  // a task that read a range from a wrong guess; with those that failed, every range they read is read again
  const wrong = new Set<number>();
  const firstRows = new Float64Array(n);
  const reread = new Map<number, PartitionOutput>();
  const read = (k: number): PartitionOutput => {
    const o = runTaskSync({ spec: { ...specOf[k], input: { kind: 'csv', range: { ...ranges[k], firstRow: firstRows[k] } } }, index: k });
    if (o.error) throw rebuildError(o.error);
    reread.set(k, o);
    return o;
  };
  const chain = new RowChain();
  for (let k = 0; k < n; k++) {
    // no limit reads shared ranges: every range's first row is known from the one before it
    firstRows[k] = chain.at(ranges[k])!;
    const c = claims[k];
    if (c !== undefined && c.firstRow === firstRows[k]) {
      if (c.error === null) {
        chain.advance(c.nextRow);
        continue;
      }
      // a task's batch may hold rows of the ranges it read before (lower in file order, checked
      // already): unless one of them was guessed wrong, the error is the file's
      if (!wrong.has(owner[k])) throw rebuildError(c.error);
    } else if (c !== undefined) wrong.add(owner[k]);
    // never read (its worker died, or a range before it failed), read from a wrong guess, or
    // failed in a task that read a range wrongly before: read here (a real error is thrown)
    chain.advance(read(k).nextRow);
  }
  const dropped = (i: number): boolean => wrong.has(i) || outputs[i].result === null;
  for (let k = 0; k < n; k++) if (owner[k] >= 0 && dropped(owner[k]) && !reread.has(k)) read(k);

  const results: PartitionResult[] = [];
  outputs.forEach((o, i) => { if (!dropped(i)) results.push(o.result!); });
  let skipped = 0;
  const skippedLines: string[] = [];
  for (let k = 0; k < n; k++) {
    const o = reread.get(k);
    if (o) results.push(o.result!);
    const r = o ?? claims[k]!;
    skipped += r.skipped;
    for (const l of r.skippedLines) if (skippedLines.length < 5) skippedLines.push(l);
  }
  return { results, skipped, skippedLines };
}
