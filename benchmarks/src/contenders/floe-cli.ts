/**
 * Contender: the `floe` command line. Unlike the other contenders this is not a child script of
 * ours: the measured process is the CLI itself (`node packages/cli/dist/bin.js agg …`), so its
 * wall time is the whole command as a user sees it, Node start-up included. This module builds
 * the argument list from a query and turns the CLI's CSV output into a signature.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { keyText, type GroupByQuery, type QuerySpec } from '../queries.js';
import { groupedSignature, type Signature } from '../verify/signature.js';

export function cliBinPath(repoRoot: string): string {
  return join(repoRoot, 'packages', 'cli', 'dist', 'bin.js');
}

export function cliAvailable(repoRoot: string): boolean {
  return existsSync(cliBinPath(repoRoot));
}

/** The CLI can run grouped aggregations; it has no command that writes a filtered table. */
export function cliSupports(q: QuerySpec): q is GroupByQuery {
  return q.kind === 'groupby';
}

export function cliArgs(q: GroupByQuery, dir: string, workers: number): string[] {
  const key = q.key.dt ? `${q.key.dt}(${q.key.column}) as key` : `${q.key.column} as key`;
  const agg = q.sumAllNumeric
    ? 'sum(*)'
    : q.aggs.map((a) => `${a.fn}(${a.column}) as ${a.name}`).join(', ');
  const args = ['agg', dir, '--by', key, '--agg', agg, '--workers', String(workers), '--format', 'csv', '--no-progress'];
  if (q.dataset === 'seed') args.push('--parse-dates', 'Date');
  return args;
}

/** Signature of the CLI's CSV output (header, then one row per group; keys need no quoting here). */
export function cliSignature(stdout: string, q: GroupByQuery): Signature {
  const lines = stdout.split(/\r?\n/).filter((l) => l !== '');
  if (lines.length === 0) throw new Error('the CLI printed nothing');
  const header = lines[0].split(',').map((h) => h.replace(/^"|"$/g, ''));
  const at = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`CLI output has no column ${name} (header: ${lines[0]})`);
    return i;
  };
  const keyAt = at('key');
  const rows = lines.slice(1).map((l) => l.split(',').map((f) => f.replace(/^"|"$/g, '')));
  const columns = Object.fromEntries(q.aggs.map((a) => {
    const i = at(a.name);
    return [a.name, rows.map((r) => Number(r[i]))];
  }));
  return groupedSignature(rows.map((r) => r[keyAt]), columns, keyText);
}
