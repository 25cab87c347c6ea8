/**
 * The contract between the suite and a contender's child process: the suite passes one JSON
 * RunSpec as the only argument; the child runs the query once and prints one line
 * `@@bench {json}` (a ChildReport) on stdout, with the in-process wall time of the query and
 * the result's signature. Anything else a child prints is ignored.
 */
import { peakRssBytes } from '../peak-rss.js';
import type { QuerySpec } from '../queries.js';
import type { Signature } from '../verify/signature.js';

export interface RunSpec {
  query: QuerySpec;
  /** The input folder; every contender reads `${dir}/*.csv`. */
  dir: string;
  /** Worker threads / engine threads. */
  threads: number;
  /** For filter-write queries: the (fresh, absent) folder to write into. */
  outDir?: string;
}

export interface ChildReport {
  /** Seconds from just before the engine is touched until the answer is in hand (or written). */
  wall: number;
  /** Absent for filter-write (the suite reads the written files instead). */
  signature?: Signature;
  /** The child's own view of its CPU seconds and peak RSS (used when /usr/bin/time is absent). */
  cpu: number;
  peakRss: number;
  /** Free-form facts worth reporting, e.g. the engine version. */
  info?: Record<string, string>;
}

const MARK = '@@bench ';

export function readSpec(): RunSpec {
  const arg = process.argv[2];
  if (!arg) throw new Error('usage: <contender>.ts <RunSpec JSON>');
  return JSON.parse(arg) as RunSpec;
}

export function inputGlob(spec: RunSpec): string {
  return `${spec.dir}/*.csv`;
}

/** What a contender's run returns: the answer's signature, computed lazily (after the clock stops). */
export interface ChildOutcome {
  signature?: () => Signature;
  info?: Record<string, string>;
}

/** Times `run` and prints the report line. */
export async function runChild(run: (spec: RunSpec) => Promise<ChildOutcome>): Promise<void> {
  const spec = readSpec();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const outcome = await run(spec);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const report: ChildReport = {
    wall, signature: outcome.signature?.(), cpu: (cpu.user + cpu.system) / 1e6, peakRss: peakRssBytes(), info: outcome.info,
  };
  process.stdout.write(`${MARK}${JSON.stringify(report)}\n`);
}

export function parseChildReport(stdout: string): ChildReport | null {
  const at = stdout.lastIndexOf(MARK);
  if (at < 0) return null;
  const end = stdout.indexOf('\n', at);
  return JSON.parse(stdout.slice(at + MARK.length, end < 0 ? undefined : end)) as ChildReport;
}
