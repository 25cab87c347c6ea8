/**
 * What a plan knows of the scan under a subtree's filters and projections: the scan itself, the
 * CSV source's sample, and the groups a grouping by columns it reads is estimated to have
 * (io/csv/distinct-estimate.ts). Planning asks it (physical partition sizes, the optimizer's
 * window-as-aggregate); it never reads data.
 */
import { estimateTuples } from '../io/csv/distinct-estimate.js';
import type { CsvSource } from '../io/csv/infer-schema.js';
import { outputName, type ExprNode } from './expr-node.js';
import type { LogicalPlan, ScanNode } from './logical-plan.js';

/**
 * The groups of a grouping by `keys`, estimated from the CSV sample's key tuples
 * (io/csv/distinct-estimate.ts), with the input's estimated rows; null when the keys are not
 * columns (or aliases of columns) the scan reads, or the scan kept no sample.
 */
export function estimatedGroups(keys: readonly ExprNode[], input: LogicalPlan): { groups: number; rows: number } | null {
  if (keys.length === 0) return null;
  const names = keys.map(keyColumn);
  if (names.some((n) => n === null)) return null;
  const source = csvScanUnder(names, input)?.source;
  if (source?.rowHashes === undefined || source.estimatedRows === undefined) return null;
  const rows = source.estimatedRows;
  const groups = estimateTuples(source.rowHashes, names as string[], rows);
  return groups === null ? null : { groups, rows };
}

/** The CSV scan under `input`'s filters and projections that hand the key columns `names` through, else null. */
export function csvScanUnder(names: readonly (string | null)[], input: LogicalPlan): { scan: ScanNode; source: CsvSource } | null {
  const node = scanUnder(names, input);
  return node !== null && node.source.format === 'csv' ? { scan: node, source: node.source } : null;
}

/** The scan under `input`'s filters and projections that hand the key columns `names` through, else null. */
export function scanUnder(names: readonly (string | null)[], input: LogicalPlan): ScanNode | null {
  let node: LogicalPlan = input;
  for (;;) {
    if (node.kind === 'filter') node = node.input;
    else if (node.kind === 'project' && names.every((n) => n === null || passesThrough(node as Extract<LogicalPlan, { kind: 'project' }>, n))) node = node.input;
    else break;
  }
  return node.kind === 'scan' ? node : null;
}

/** The input column an expression reads as it is (`col('k')`, or that column under any aliases: `col('id3').alias('key')`), else null. */
export function keyColumn(k: ExprNode): string | null {
  while (k.kind === 'alias') k = k.arg;
  return k.kind === 'col' ? k.name : null;
}

/** Whether the projection hands column `name` through unchanged. */
function passesThrough(p: Extract<LogicalPlan, { kind: 'project' }>, name: string): boolean {
  const out = p.exprs.find((e) => outputName(e) === name);
  if (out === undefined) return p.mode === 'with';
  return keyColumn(out) === name;
}
