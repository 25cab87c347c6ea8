/**
 * A task graph in Graphviz DOT: one node per task, filled with its group's color, and an edge
 * from each dependency to the task that needs it, drawn bottom-up like Dask's pictures.
 * Where a task runs is drawn: tasks on the calling thread are ellipses labelled "main thread",
 * tasks on workers are boxes; each node's SVG class is `main-thread` or `worker` and its tooltip
 * says so. Pure text; rendering is visualize.ts's job.
 */
import type { TaskGraph } from './graph.js';
import { GroupColors } from './group-color.js';
import type { TaskSpec } from './task.js';

export interface DotOptions {
  /** Graph title, drawn above the picture. */
  title?: string;
  /** A node's label (default: its group, the key's hash or index below it, and "main thread" for tasks that run there). */
  label?: (task: TaskSpec) => string;
  /** Layout direction (default 'BT': inputs at the bottom, the result on top). */
  rankdir?: 'BT' | 'TB' | 'LR' | 'RL';
}

export function graphToDot(graph: TaskGraph, options: DotOptions = {}): string {
  const label = options.label ?? defaultLabel;
  const lines = [
    'digraph floe {',
    `  graph [rankdir=${options.rankdir ?? 'BT'}, fontname="Helvetica", fontsize=12${options.title ? `, label=${quote(options.title)}, labelloc=t` : ''}];`,
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10, penwidth=0.6];',
    '  edge [arrowsize=0.6, color="#555555"];',
  ];
  const colors = new GroupColors();
  for (const t of graph.list()) {
    const where = t.local ? 'main thread' : 'worker';
    const shape = t.local ? ', shape=ellipse' : '';
    lines.push(`  ${quote(t.key)} [label=${quote(label(t))}, fillcolor=${quote(colors.get(t.group))}, tooltip=${quote(`${t.key} (${where})`)}, class=${quote(where.replace(' ', '-'))}${shape}];`);
  }
  for (const t of graph.list()) for (const d of t.deps) lines.push(`  ${quote(d)} -> ${quote(t.key)};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function defaultLabel(task: TaskSpec): string {
  const rest = task.key.startsWith(`${task.group}-`) ? task.key.slice(task.group.length + 1) : task.key === task.group ? '' : task.key;
  const lines = rest ? [task.group, rest] : [task.group];
  if (task.local) lines.push('main thread');
  return lines.join('\n');
}

/** A DOT string literal; `\n` inside stays a line break in the label. */
export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
