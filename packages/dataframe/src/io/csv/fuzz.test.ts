/**
 * A seeded differential fuzzer: thousands of random CSV documents (quotes, delimiters and
 * newlines inside quotes, empty fields, unicode, CRLF/LF, BOM, no final newline) are read by
 * floe at random blocksizes and must equal csv-parse's parse of the same bytes; corrupted
 * documents must be rejected by both. Documents under fixtures/fuzz/ (cases found earlier)
 * are replayed at every blocksize. A failing document is written to test-artifacts/fuzz/.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, test } from 'vitest';
import { InlineExecutor } from '@floe/scheduler';
import { readCsvAnyBlocksize } from '../../api/read-csv.js';
import { generateDocument, Rng } from '../../testing/random-csv.js';

const root = fileURLToPath(new URL('../../../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'floe-fuzz-'));
const inline = new InlineExecutor();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function reference(text: string): string[][] {
  return parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
}

async function floeRows(path: string, names: string[], blocksize: number): Promise<string[][]> {
  const df = readCsvAnyBlocksize(path, { dtypes: Object.fromEntries(names.map((n) => [n, 'string'])), nullValues: [], blocksize });
  const t = await df.compute({ executor: inline });
  return t.toRows().map((r) => names.map((n) => (r[n] === null ? '' : String(r[n]))));
}

function save(name: string, text: string): void {
  const out = join(root, 'test-artifacts', 'fuzz');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, name), text);
}

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `c${i}`);

/** A document with a header row c0..cN-1 and the generated rows. */
function document(seed: number): { text: string; ncols: number } {
  const doc = generateDocument(seed, { maxRows: 10, maxCols: 5 });
  const bom = doc.text.startsWith('\ufeff');
  const body = bom ? doc.text.slice(1) : doc.text;
  const ncols = doc.rows[0].length;
  const header = names(ncols).join(',');
  return { text: `${bom ? '\ufeff' : ''}${header}${body.includes('\r\n') ? '\r\n' : '\n'}${body}`, ncols };
}

/** Breaks a document in one of the ways RFC 4180 forbids. */
function corrupt(text: string, rng: Rng): string {
  switch (rng.int(0, 2)) {
    case 0: return `${text.replace(/[\r\n]+$/, '')}\n"never closed,x`; // unterminated quote at EOF
    case 1: return text.replace(/\n(?=[^\n]*$)|$/, '\nab"cd,x\n'); // a quote inside an unquoted field
    default: return `${text.replace(/[\r\n]+$/, '')}\n"closed"junk,x\n`; // text after a closing quote
  }
}

describe('fuzz: floe equals csv-parse on random documents', () => {
  const SEEDS = 3000;
  test(`${SEEDS} valid documents at random blocksizes`, async () => {
    const rng = new Rng(20261128);
    const failures: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const { text, ncols } = document(seed);
      const path = join(dir, `doc-${seed}.csv`);
      writeFileSync(path, text);
      const blocksize = rng.pick([1, 2, 3, 5, 8, 13, 21, 64, 1 << 20]);
      const want = reference(text).slice(1);
      let got: string[][] | string;
      try {
        got = await floeRows(path, names(ncols), blocksize);
      } catch (err) {
        got = `threw ${(err as Error).message}`;
      }
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        failures.push(`seed ${seed} blocksize ${blocksize}`);
        save(`valid-${seed}.csv`, text);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000); // 3000 documents: the default 60 s was exceeded (110 s) on a loaded 2-core machine

  test('corrupted documents are rejected by both parsers', async () => {
    const rng = new Rng(7);
    const failures: string[] = [];
    for (let seed = 1; seed <= 300; seed++) {
      const { text, ncols } = document(100_000 + seed);
      const bad = corrupt(text, rng);
      expect(() => reference(bad), `csv-parse accepted seed ${seed}`).toThrow();
      const path = join(dir, `bad-${seed}.csv`);
      writeFileSync(path, bad);
      const rejected = await floeRows(path, names(ncols), rng.pick([3, 7, 64, 1 << 20])).then(() => false, () => true);
      if (!rejected) {
        failures.push(`seed ${seed}`);
        save(`malformed-${seed}.csv`, bad);
      }
    }
    expect(failures).toEqual([]);
  });

  test('documents found earlier (fixtures/fuzz) at every blocksize from 1 to 40', async () => {
    const fixtures = readdirSync(join(root, 'fixtures', 'fuzz')).filter((f) => f.endsWith('.csv'));
    expect(fixtures.length).toBeGreaterThan(0);
    for (const f of fixtures) {
      const path = join(root, 'fixtures', 'fuzz', f);
      const text = readFileSync(path, 'utf8');
      const [header, ...want] = reference(text);
      for (let bs = 1; bs <= 40; bs++) {
        expect(await floeRows(path, header, bs), `${f} at blocksize ${bs}`).toEqual(want);
      }
    }
  });
});
