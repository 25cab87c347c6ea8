/**
 * The README's bag example, run as written: its code block is copied out of README.md into a
 * folder holding the files it names (gzip logs, JSON-lines events), and imported there. A
 * README edit that stops running, or a change that breaks the example, fails here.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';

const README = new URL('../../../README.md', import.meta.url);

/** The first ```ts block after the heading that starts with `heading`. */
function codeBlockAfter(markdown: string, heading: string): string {
  const at = markdown.indexOf(`\n${heading}`);
  if (at < 0) throw new Error(`README has no heading "${heading}"`);
  const m = /```ts\n([\s\S]*?)```/.exec(markdown.slice(at));
  if (!m) throw new Error(`no ts code block after "${heading}"`);
  return m[1];
}

describe('README: the bag example', () => {
  const dir = mkdtempSync(join(tmpdir(), 'floe-readme-bags-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('runs as written and writes every event back out', async () => {
    mkdirSync(join(dir, 'logs'));
    mkdirSync(join(dir, 'events'));
    for (let f = 0; f < 2; f++) {
      const lines = Array.from({ length: 50 }, (_, i) => `2026-11-30T10:00:${String(i).padStart(2, '0')} INFO request ${i} from host${f}`);
      writeFileSync(join(dir, 'logs', `app${f}.log.gz`), gzipSync(`${lines.join('\n')}\n`));
    }
    const users = ['ann', 'bob', 'cy'];
    const paths = ['/', '/api', '/login'];
    let events = 0;
    for (let f = 0; f < 3; f++) {
      const rows = Array.from({ length: 40 }, (_, i) => ({ user: users[(i + f) % 3], path: paths[i % 3], status: [200, 404, 500, 503][i % 4], bytes: 100 + i }));
      events += rows.length;
      writeFileSync(join(dir, 'events', `e${f}.jsonl`), `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    }
    const code = codeBlockAfter(readFileSync(README, 'utf8'), '### Bags');
    const file = join(dir, 'example.ts');
    writeFileSync(file, `${code}\nexport const done = true;\n`);
    const cwd = process.cwd();
    process.chdir(dir); // the example names its files relative to where it runs
    try {
      const mod = (await import(pathToFileURL(file).href)) as { done: boolean };
      expect(mod.done).toBe(true);
    } finally {
      process.chdir(cwd);
    }
    const written = readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.jsonl'));
    expect(written.length).toBe(3);
    const back = written.flatMap((f) => readFileSync(join(dir, 'out', f), 'utf8').split('\n').filter((l) => l !== ''));
    expect(back.length).toBe(events);
  }, 300_000);
});
