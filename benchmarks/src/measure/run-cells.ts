/**
 * Executes the plan: per cell, warm the page cache, then rounds of runs alternating between
 * contenders (A B C, A B C, …) so drift on a shared machine hits all of them alike. A contender
 * that fails in a cell is not retried there; one that ran out of memory or time on an input is
 * not tried again on inputs of the same kind that are as large or larger. Unavailable
 * contenders get one record saying why.
 */
import { unavailableReason, type Contender } from '../contenders/catalog.js';
import { warmPageCache } from '../data/page-cache.js';
import type { Cell } from '../plan.js';
import { runOnce, type RunContext, type RunRecord } from './run-once.js';

export interface CellHooks {
  log: (msg: string) => void;
  /** Called after each cell with all records so far (e.g. to save results.json). */
  cellDone: (records: RunRecord[]) => void;
}

export async function runCells(cells: Cell[], runs: number, ctx: RunContext, hooks: CellHooks): Promise<RunRecord[]> {
  const records: RunRecord[] = [];
  /** Out-of-memory / timeout failures, by contender, with the kind and size of the input. */
  const exhausted: { contender: string; kind: string; bytes: number; rec: RunRecord }[] = [];
  for (const [i, cell] of cells.entries()) {
    const where = `${cell.query.id} @ ${cell.dataset.id}`;
    hooks.log(`\n[${i + 1}/${cells.length}] ${where} (${(cell.dataset.bytes / 1e6).toFixed(0)} MB) — ${cell.contenders.map((c) => c.id).join(', ')}`);
    warmPageCache(cell.dataset.files);
    const failedHere = new Map<string, RunRecord>();
    const base = (c: Contender, run: number) => ({
      query: cell.query.id, dataset: cell.dataset.id, bytes: cell.dataset.bytes, sizeGB: cell.dataset.targetGB, contender: c.id, run,
    });
    for (let run = 0; run < runs; run++) {
      for (const c of cell.contenders) {
        const unavailable = unavailableReason(c, ctx.paths);
        if (unavailable) {
          if (run === 0) records.push({ ...base(c, run), status: 'unavailable', note: unavailable });
          continue;
        }
        const earlier = failedHere.get(c.id)
          ?? exhausted.find((f) => f.contender === c.id && f.kind === cell.dataset.kind && f.bytes <= cell.dataset.bytes)?.rec;
        if (earlier) {
          if (run === 0 || failedHere.has(c.id)) {
            const when = earlier.dataset === cell.dataset.id && earlier.query === cell.query.id
              ? `run ${earlier.run + 1}` : `${earlier.query} @ ${earlier.dataset}`;
            records.push({ ...base(c, run), status: 'skipped', note: `not retried: ${earlier.status} in ${when}` });
          }
          continue;
        }
        const rec = await runOnce(c, cell.query, cell.dataset, run, ctx);
        records.push(rec);
        hooks.log(`  run ${run + 1}/${runs} ${c.id.padEnd(22)} ${describe(rec)}`);
        if (rec.status !== 'ok') {
          failedHere.set(c.id, rec);
          if (rec.status === 'oom' || rec.status === 'timeout') exhausted.push({ contender: c.id, kind: cell.dataset.kind, bytes: cell.dataset.bytes, rec });
        }
      }
    }
    hooks.cellDone(records);
  }
  return records;
}

function describe(r: RunRecord): string {
  if (r.status !== 'ok') return `${r.status.toUpperCase()}: ${r.note ?? ''}`;
  const rss = r.peakRssMB === undefined ? '?' : r.peakRssMB.toFixed(0);
  return `${r.wall!.toFixed(2)} s  ${r.mbps!.toFixed(0)} MB/s  cpu ${r.cpu?.toFixed(1) ?? '?'} s  peak RSS ${rss} MB`;
}
