/**
 * The issue's targets, checked against the medians of this run (ratios between contenders
 * measured in the same run): each becomes one line with the achieved figure and PASS / FAIL
 * (or n/a when a needed contender did not run).
 *
 *   seed      floe ≥ 5× DuckDB, ≥ 50× the in-memory baseline (throughput, all cores each);
 *             peak RSS ≤ 300 MB at every size, and flat (largest / smallest size ≤ 1.25×);
 *             all-cores workers ≥ 1.7× one worker
 *   strings   floe ≥ 1× DuckDB
 *   issue 11  seed floe ≥ 2× DuckDB from 1 GB up; all-cores workers ≥ 1.85× one worker from 0.5 GB up
 *   cap       floe completes under the heap cap (the baseline's outcome is shown beside it)
 */
import type { Contender } from '../contenders/catalog.js';
import type { RunRecord } from '../measure/run-once.js';
import type { Cell } from '../plan.js';
import { find, summarizeCell, type ContenderSummary } from './aggregate.js';

export type Verdict = 'PASS' | 'FAIL' | 'n/a';

export interface TargetLine {
  target: string;
  measured: string;
  verdict: Verdict;
}

export const PEAK_RSS_LIMIT_MB = 300;
export const FLAT_LIMIT = 1.25;

export function cellLabel(cell: Cell): string {
  return `${cell.query.id} ${(cell.dataset.bytes / 1e9).toFixed(2)} GB`;
}

interface Pair { label: string; a?: ContenderSummary; b?: ContenderSummary }

/** a/b throughput ratio ≥ threshold on every pair; b failing where a completes counts as a pass when allowed. */
function ratioTarget(target: string, pairs: Pair[], threshold: number, bFailureIsPass: boolean): TargetLine {
  const parts: string[] = [];
  let worst: { ratio: number; label: string } | null = null;
  let verdict: Verdict = 'n/a';
  const fail = (): void => { verdict = 'FAIL'; };
  const pass = (): void => { if (verdict === 'n/a') verdict = 'PASS'; };
  for (const { label, a, b } of pairs) {
    if (!a || !b || a.status === 'unavailable' || b.status === 'unavailable') continue;
    if (a.status !== 'ok') {
      parts.push(`${label}: ${a.contender} ${a.status}`);
      fail();
      continue;
    }
    if (b.status !== 'ok') {
      parts.push(`${label}: ${b.contender} ${b.status === 'skipped' ? 'not run (failed on a smaller input)' : b.status}`);
      if (bFailureIsPass) pass(); else if (b.status !== 'skipped') fail();
      continue;
    }
    const ratio = a.mbps!.median / b.mbps!.median;
    parts.push(`${label}: ${ratio.toFixed(2)}×`);
    if (!worst || ratio < worst.ratio) worst = { ratio, label };
    if (ratio >= threshold) pass(); else fail();
  }
  const head = worst ? `min ${worst.ratio.toFixed(2)}× (${worst.label})` : 'no comparable runs';
  return { target, measured: parts.length > 0 ? `${head}; ${parts.join('; ')}` : head, verdict };
}

export function evaluateTargets(records: readonly RunRecord[], cells: readonly Cell[], standard: readonly Contender[], capped: readonly Contender[], cores: number): TargetLine[] {
  const lines: TargetLine[] = [];
  const summaries = (cell: Cell) => summarizeCell(records, cell.query.id, cell.dataset.id);
  const seedCells = cells.filter((c) => c.section === 'seed');
  const scaleCells = seedCells.filter((c) => c.scale);
  const stringCells = cells.filter((c) => c.section === 'strings');
  const capCells = cells.filter((c) => c.section === 'cap');
  const ids = new Set(standard.map((c) => c.id));
  const floeAll = [`floe-lib-${cores}w`, `floe-cli-${cores}w`].filter((id) => ids.has(id));
  const floeStd = standard.filter((c) => c.family === 'floe-lib' || c.family === 'floe-cli').map((c) => c.id);
  const duck = `duckdb-${cores}t`;
  const pairs = (list: readonly Cell[], a: string, b: string): Pair[] =>
    list.map((cell) => ({ label: cellLabel(cell), a: find(summaries(cell), a), b: find(summaries(cell), b) }));

  for (const f of floeAll) {
    lines.push(ratioTarget(`seed: ${f} ≥ 5× ${duck} throughput`, pairs(seedCells, f, duck), 5, true));
    lines.push(ratioTarget(`seed: ${f} ≥ 50× in-memory baseline throughput`, pairs(seedCells, f, 'baseline'), 50, true));
  }
  for (const f of floeStd) {
    const sums = seedCells.map((cell) => find(summaries(cell), f)).filter((s): s is ContenderSummary => !!s && s.status === 'ok');
    if (sums.length === 0) continue;
    const worst = sums.reduce((w, s) => (s.peakRssMB!.max > w.peakRssMB!.max ? s : w));
    lines.push({
      target: `seed: ${f} peak RSS ≤ ${PEAK_RSS_LIMIT_MB} MB at every input size`,
      measured: `max ${worst.peakRssMB!.max.toFixed(0)} MB (${worst.query} ${(worst.bytes / 1e9).toFixed(2)} GB)`,
      verdict: sums.every((s) => s.peakRssMB!.max <= PEAK_RSS_LIMIT_MB) ? 'PASS' : 'FAIL',
    });
    const series = scaleCells.map((cell) => find(summaries(cell), f)).filter((s): s is ContenderSummary => !!s && s.status === 'ok');
    if (series.length >= 2) {
      const first = series[0];
      const last = series[series.length - 1];
      const growth = last.peakRssMB!.median / first.peakRssMB!.median;
      lines.push({
        target: `seed: ${f} peak RSS flat across the scale series (largest / smallest ≤ ${FLAT_LIMIT}×)`,
        measured: `${series.map((s) => `${(s.bytes / 1e9).toFixed(2)} GB ${s.peakRssMB!.median.toFixed(0)} MB`).join(', ')} → ${growth.toFixed(2)}×`,
        verdict: growth <= FLAT_LIMIT ? 'PASS' : 'FAIL',
      });
    }
  }
  for (const family of ['floe-lib', 'floe-cli']) {
    if (cores < 2 || !ids.has(`${family}-1w`) || !ids.has(`${family}-${cores}w`)) continue;
    lines.push(ratioTarget(`seed: ${family} ${cores} workers ≥ 1.7× one worker`, pairs(seedCells, `${family}-${cores}w`, `${family}-1w`), 1.7, false));
  }
  // issue 11 (speed on every CSV): the seed ≥ 2× DuckDB at 1–4 GB; all cores ≥ 1.85× one worker from 0.5 GB up
  const fromGB = (gb: number): Cell[] => seedCells.filter((c) => (c.dataset.targetGB ?? c.dataset.bytes / 1e9) >= gb);
  for (const f of floeAll) {
    lines.push(ratioTarget(`issue 11 — seed from 1 GB: ${f} ≥ 2× ${duck} throughput`, pairs(fromGB(1), f, duck), 2, true));
  }
  for (const family of ['floe-lib', 'floe-cli']) {
    if (cores < 2 || !ids.has(`${family}-1w`) || !ids.has(`${family}-${cores}w`)) continue;
    lines.push(ratioTarget(`issue 11 — seed from 0.5 GB: ${family} ${cores} workers ≥ 1.85× one worker`, pairs(fromGB(0.5), `${family}-${cores}w`, `${family}-1w`), 1.85, false));
  }
  for (const f of floeAll) {
    lines.push(ratioTarget(`strings: ${f} ≥ 1× ${duck} throughput`, pairs(stringCells, f, duck), 1, true));
  }
  if (capCells.length > 0) {
    const floeCapped = capped.filter((c) => c.family !== 'baseline').map((c) => c.id);
    const baseCapped = capped.find((c) => c.family === 'baseline')?.id;
    const outcomes: string[] = [];
    let verdict: Verdict = 'n/a';
    for (const cell of capCells) {
      const s = summaries(cell);
      for (const id of floeCapped) {
        const x = find(s, id);
        if (!x || x.status === 'unavailable') continue;
        outcomes.push(`${cellLabel(cell)}: ${id} ${x.status === 'ok' ? `completed (${x.peakRssMB!.max.toFixed(0)} MB peak)` : x.status.toUpperCase()}`);
        verdict = x.status === 'ok' ? (verdict === 'FAIL' ? 'FAIL' : 'PASS') : 'FAIL';
      }
      const b = baseCapped ? find(s, baseCapped) : undefined;
      if (b) outcomes.push(`${cellLabel(cell)}: baseline ${b.status === 'ok' ? 'completed' : b.status.toUpperCase()}`);
    }
    lines.push({ target: `memory cap: floe completes under --max-old-space-size=${capped[0]?.capMB ?? '?'} (baseline shown for contrast)`, measured: outcomes.join('; ') || 'not run', verdict });
  }
  return lines;
}
