/**
 * Collapses the runs of one contender on one (query, input) into medians and min–max, plus the
 * outcome when it did not complete. Everything the tables, targets and charts show comes from here.
 */
import type { RunRecord, RecordStatus } from '../measure/run-once.js';
import { summarize, type Summary } from '../measure/stats.js';

export interface ContenderSummary {
  contender: string;
  query: string;
  dataset: string;
  bytes: number;
  sizeGB?: number;
  ok: number;
  attempted: number;
  /** 'ok' when at least one run completed; else the first failure's status. */
  status: RecordStatus;
  note?: string;
  wall: Summary | null;
  processWall: Summary | null;
  mbps: Summary | null;
  cpu: Summary | null;
  peakRssMB: Summary | null;
  /** Peak RSS of failed runs too (how far the process got before it died). */
  peakRssAnyMB: number | null;
  info?: Record<string, string>;
}

export function summarizeRuns(records: readonly RunRecord[]): ContenderSummary {
  const r0 = records[0];
  const ok = records.filter((r) => r.status === 'ok');
  const failed = records.find((r) => r.status !== 'ok');
  const field = (f: (r: RunRecord) => number | undefined) => summarize(ok.map((r) => f(r) ?? Number.NaN));
  const anyPeaks = records.map((r) => r.peakRssMB).filter((x): x is number => x !== undefined && Number.isFinite(x));
  return {
    contender: r0.contender, query: r0.query, dataset: r0.dataset, bytes: r0.bytes, sizeGB: r0.sizeGB,
    ok: ok.length,
    attempted: records.filter((r) => r.status !== 'skipped' && r.status !== 'unavailable').length,
    status: ok.length > 0 ? 'ok' : failed?.status ?? 'error',
    note: failed?.note,
    wall: field((r) => r.wall),
    processWall: field((r) => r.processWall),
    mbps: field((r) => r.mbps),
    cpu: field((r) => r.cpu),
    peakRssMB: field((r) => r.peakRssMB),
    peakRssAnyMB: anyPeaks.length > 0 ? Math.max(...anyPeaks) : null,
    info: ok.find((r) => r.info)?.info,
  };
}

/** Summaries for one (query, dataset), in the order contenders first appear; only `only` contenders if given. */
export function summarizeCell(records: readonly RunRecord[], query: string, dataset: string, only?: readonly string[]): ContenderSummary[] {
  const mine = records.filter((r) => r.query === query && r.dataset === dataset && (!only || only.includes(r.contender)));
  const ids = [...new Set(mine.map((r) => r.contender))];
  return ids.map((id) => summarizeRuns(mine.filter((r) => r.contender === id)));
}

export function find(summaries: readonly ContenderSummary[], contender: string): ContenderSummary | undefined {
  return summaries.find((s) => s.contender === contender);
}
