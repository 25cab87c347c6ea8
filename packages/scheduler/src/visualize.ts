/**
 * Renders task graphs to pictures with Graphviz compiled to WebAssembly (@viz-js/viz), so
 * nothing needs installing on the system. SVG (and DOT text) only: the WebAssembly build has
 * no raster renderer, so PNG is refused with a message that says what to do instead.
 */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { TaskGraph } from './graph.js';
import { graphToDot, type DotOptions } from './to-dot.js';

export type PictureFormat = 'svg' | 'dot';

/** A file path (its extension picks the format), or a format to render without writing. */
export type VisualizeTarget = string | { format?: PictureFormat | 'png'; path?: string };

type Viz = { renderString(dot: string, options: { format: string }): string };
let viz: Promise<Viz> | null = null;

export async function renderDot(dot: string, format: PictureFormat = 'svg'): Promise<string> {
  if (format === 'dot') return dot;
  viz ??= import('@viz-js/viz').then((m) => m.instance() as Promise<Viz>);
  return (await viz).renderString(dot, { format });
}

/** Renders `graph` and, given a path, writes it there. Resolves to the rendered text. */
export async function visualizeGraph(graph: TaskGraph, target: VisualizeTarget = { format: 'svg' }, dot: DotOptions = {}): Promise<string> {
  return visualizeDot(graphToDot(graph, dot), target);
}

export async function visualizeDot(dot: string, target: VisualizeTarget = { format: 'svg' }): Promise<string> {
  const path = typeof target === 'string' ? target : target.path;
  const format = typeof target === 'string' || target.format === undefined ? formatOf(path) : target.format;
  if (format === 'png') {
    throw new Error(`PNG output is not available: floe draws graphs with a WebAssembly Graphviz that has no raster renderer; write SVG instead (e.g. 'graph.svg'), which any browser shows and tools such as rsvg-convert turn into PNG`);
  }
  const text = await renderDot(dot, format);
  if (path !== undefined) await writeFile(path, text);
  return text;
}

function formatOf(path: string | undefined): PictureFormat | 'png' {
  if (path === undefined) return 'svg';
  const ext = extname(path).toLowerCase();
  if (ext === '.svg') return 'svg';
  if (ext === '.dot' || ext === '.gv') return 'dot';
  if (ext === '.png') return 'png';
  throw new Error(`cannot tell the picture format from '${path}': use a .svg or .dot file name, or { format: 'svg', path }`);
}
