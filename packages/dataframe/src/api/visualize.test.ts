import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { col } from './expr.js';
import { readCsvAnyBlocksize } from './read-csv.js';
import { queryToDot, visualizeQuery } from './visualize.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-qviz-'));
  const rows = ['g,x,y'];
  for (let i = 0; i < 3000; i++) rows.push(`k${i % 3},${i},${i % 7}`);
  writeFileSync(join(dir, 'data.csv'), `${rows.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('query pictures', () => {
  test('a node per partition task, each feeding the combine step', async () => {
    const df = readCsvAnyBlocksize(join(dir, 'data.csv'), { blocksize: 8_000 }).filter(col('x').gt(10)).agg(col('y').sum().alias('total'), col('y').mean().alias('avg'));
    const n = df.npartitions;
    expect(n).toBeGreaterThan(3);
    const path = join(dir, 'query.svg');
    const svg = await visualizeQuery(df.plan, path);
    expect(readFileSync(path, 'utf8')).toBe(svg);
    const nodes = [...svg.matchAll(/<g id="node\d+" class="node[^"]*">\s*<title>([^<]*)<\/title>/g)].map((m) => m[1]);
    const edges = [...svg.matchAll(/<g id="edge\d+" class="edge">\s*<title>([^<]*)<\/title>/g)].map((m) => m[1].replace('&#45;&gt;', '->'));
    const scans = Array.from({ length: n }, (_, i) => `scan-${String(i).padStart(4, '0')}`);
    expect(nodes.map((s) => s.replace(/&#45;/g, '-')).sort()).toEqual([...scans, 'combine'].sort());
    expect(edges.map((s) => s.replace(/&#45;/g, '-')).sort()).toEqual(scans.map((s) => `${s}->combine`).sort());
    expect(svg).toContain('read 2 cols → filter → partial sum, mean');
    expect(svg).toContain(`combine ${n} partials`);
    expect(svg).toContain('→ finalize');
    expect(svg).toMatch(/class="node main&#45;thread">\s*<title>combine<\/title>/); // it runs on the calling thread
  });

  test('a grouped aggregate draws its stages: partials → exchange → reduces → gather', () => {
    const df = readCsvAnyBlocksize(join(dir, 'data.csv'), { blocksize: 8_000 }).groupBy('g').agg(col('y').sum().alias('total'));
    expect(df.npartitions).toBeGreaterThan(2);
    // as on a 2-thread pool (this small input runs inline by default: one reduce), whose two map
    // tasks claim the partitions' ranges in turn
    const dot = queryToDot(df.plan, 2);
    const nodes = [...dot.matchAll(/^\s*"([^"]+)" \[/gm)].map((m) => m[1]);
    const maps = nodes.filter((k) => /^aggregate-\d+-\d{4}$/.test(k));
    const reduces = nodes.filter((k) => /-reduce-\d{4}$/.test(k));
    const barriers = nodes.filter((k) => k.startsWith('exchange-'));
    const gathers = nodes.filter((k) => k.startsWith('gather-'));
    expect(maps).toHaveLength(2);
    expect(dot).toMatch(/"aggregate-\d+-0000" \[label="aggregate 0\\ndata\.csv: \d+ ranges,\\nclaimed in turn"/);
    expect(barriers).toHaveLength(1);
    expect(reduces.length).toBeGreaterThanOrEqual(2);
    expect(gathers).toHaveLength(1);
    for (const m of maps) expect(dot).toContain(`"${m}" -> "${barriers[0]}"`);
    for (const r of reduces) {
      expect(dot).toContain(`"${barriers[0]}" -> "${r}"`);
      expect(dot).toContain(`"${r}" -> "${gathers[0]}"`);
    }
    expect(dot).toMatch(/tasks in 2 stage\(s\): scan → aggregate/);
  });

  test('DOT text names the byte range of each partition and the steps after combining', () => {
    const df = readCsvAnyBlocksize(join(dir, 'data.csv'), { blocksize: 20_000 }).select('x').sort('x').limit(5);
    const dot = queryToDot(df.plan);
    expect(dot).toMatch(/"scan-0000" \[label="scan 0000\\ndata\.csv \[6 B, [\d.]+ kB\)\\nread 1 col → select → collect rows"/);
    expect(dot).toContain('→ sort\\n→ limit 5');
    expect(dot.match(/ -> "combine";/g)).toHaveLength(df.npartitions);
  });
});
