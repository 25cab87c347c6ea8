import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { delayed } from './delayed.js';
import { graphToDot } from './to-dot.js';
import { TaskGraph } from './graph.js';
import { ref } from './task.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-viz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cube = delayed((n: number) => n ** 3, { name: 'cube', pure: true });
const multiply = delayed((xs: number[]) => xs.reduce((a, b) => a * b, 1), { name: 'multiply', pure: true });
const total = () => multiply([1, 2, 3, 4, 5].map((n) => cube(n)));

/** Node and edge groups in Graphviz SVG, by their <title>s. */
function svgShape(svg: string) {
  const titles = (cls: string) => [...svg.matchAll(new RegExp(`<g id="[^"]+" class="${cls}">\\s*<title>([^<]*)</title>`, 'g'))].map((m) => m[1].replace(/&#45;/g, '-').replace(/&gt;/g, '>'));
  return { nodes: [...titles('node worker'), ...titles('node main&#45;thread')], edges: titles('edge'), mainThread: titles('node main&#45;thread') };
}

describe('graph pictures', () => {
  test('toDot has a node per task and an edge per dependency', () => {
    const t = total();
    const dot = t.toDot();
    expect(dot).toMatch(/^digraph floe \{/);
    expect(dot.match(/\[label=/g)).toHaveLength(6);
    expect(dot.match(/ -> /g)).toHaveLength(5);
    expect(dot).toContain(`"${cube(3).key}" -> "${t.key}";`);
    expect(dot).toContain('rankdir=BT');
  });

  test('visualize writes an SVG with every node and edge of the delayed graph', async () => {
    const t = total();
    const path = join(dir, 'graph.svg');
    const svg = await t.visualize(path);
    expect(readFileSync(path, 'utf8')).toBe(svg);
    expect(svg).toMatch(/^<\?xml/);
    const { nodes, edges } = svgShape(svg);
    expect(nodes.sort()).toEqual([t.key, ...[1, 2, 3, 4, 5].map((n) => cube(n).key)].sort());
    expect(edges.sort()).toEqual([1, 2, 3, 4, 5].map((n) => `${cube(n).key}->${t.key}`).sort());
    expect(svg).toContain('>multiply</text>');
    expect(svg.match(/>cube<\/text>/g)).toHaveLength(5);
  });

  test('DOT output and labels with quotes', async () => {
    const g = new TaskGraph();
    g.add({ key: 'say-"hi"', group: 'say', op: { module: 'm', export: 'e' } });
    g.add({ key: 'combine', op: { module: 'm', export: 'e' }, args: [ref('say-"hi"')], local: true });
    const dot = graphToDot(g, { title: 'a "quoted" title' });
    expect(dot).toContain('"say-\\"hi\\"" -> "combine";');
    expect(dot).toContain('label="a \\"quoted\\" title"');
    expect(dot).toContain('shape=ellipse'); // local steps are drawn round
    expect(await total().visualize({ format: 'dot' })).toBe(total().toDot());
    const path = join(dir, 'g.dot');
    await total().visualize(path);
    expect(readFileSync(path, 'utf8')).toBe(total().toDot());
  });

  test('PNG is refused with what to do instead', async () => {
    await expect(total().visualize(join(dir, 'graph.png'))).rejects.toThrow(/PNG output is not available.*write SVG instead/);
    await expect(total().visualize(join(dir, 'graph.jpeg'))).rejects.toThrow(/use a \.svg or \.dot file name/);
  });

  test('where each task runs is drawn: the main thread as labelled ellipses, workers as boxes', async () => {
    const unit = 1; // captured: the function runs on the calling thread
    const local = delayed((n: number) => n * unit, { name: 'local' });
    const one = local(1);
    const t = multiply([one, cube(2)]);
    const dot = t.toDot();
    expect(dot).toContain(`"${one.key}" [label="local\\n${one.key.slice(6)}\\nmain thread", fillcolor="#4e79a7", tooltip="${one.key} (main thread)", class="main-thread", shape=ellipse];`);
    expect(dot).toContain(`"${cube(2).key}" [label="cube\\n${cube(2).key.slice(5)}", fillcolor="#f28e2b", tooltip="${cube(2).key} (worker)", class="worker"];`);
    const svg = await t.visualize({ format: 'svg' });
    expect(svgShape(svg).mainThread).toHaveLength(1);
    expect(svgShape(svg).mainThread[0]).toMatch(/^local-/);
    expect(svg).toContain('>main thread</text>');
  });
});
