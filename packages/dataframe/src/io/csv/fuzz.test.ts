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
import type { ReadCsvOptions } from '../../index.js';
import { generateDocument, Rng } from '../../testing/random-csv.js';

const root = fileURLToPath(new URL('../../../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'floe-fuzz-'));
const inline = new InlineExecutor();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function reference(text: string): string[][] {
  return parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
}

async function floeRows(path: string, names: string[], blocksize: number, options: ReadCsvOptions = {}): Promise<string[][]> {
  const df = readCsvAnyBlocksize(path, { dtypes: Object.fromEntries(names.map((n) => [n, 'string'])), nullValues: [], blocksize, ...options });
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
    case 1: return text.replace(/\n(?=[^\n]*$)|$/, '\nab"cd,x\n'); // a quote inside an unquoted field (strictQuotes)
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
  }, 300_000); // ~15 s alone; minutes on a loaded machine

  test('corrupted documents are rejected by both parsers', async () => {
    const rng = new Rng(7);
    const failures: string[] = [];
    for (let seed = 1; seed <= 300; seed++) {
      const { text, ncols } = document(100_000 + seed);
      const bad = corrupt(text, rng);
      expect(() => reference(bad), `csv-parse accepted seed ${seed}`).toThrow();
      const path = join(dir, `bad-${seed}.csv`);
      writeFileSync(path, bad);
      const rejected = await floeRows(path, names(ncols), rng.pick([3, 7, 64, 1 << 20]), { strictQuotes: true }).then(() => false, () => true);
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

/** A dialect drawn at random, with csv-parse options that read the same text. */
interface FuzzDialect {
  options: ReadCsvOptions;
  csvParse: Record<string, unknown>;
  delimiter: string;
  quote: string;
  escape: string | null;
  comment: string | null;
  trailing: boolean;
  skipRows: number;
  literalQuotes: boolean;
}

function randomDialect(rng: Rng): FuzzDialect {
  const delimiter = rng.pick([',', ';', '\t', '|', '||', '~|~']);
  const quote = rng.pick(['"', '"', "'"]);
  const esc = rng.chance(0.3) ? '\\' : null;
  const comment = rng.chance(0.3) ? rng.pick(['#', '//']) : null;
  const trailing = rng.chance(0.25);
  const skipRows = rng.chance(0.2) ? rng.int(1, 2) : 0;
  const literalQuotes = rng.chance(0.4);
  const options: ReadCsvOptions = { delimiter, quote, skipRows, trailingDelimiter: trailing };
  if (esc) options.escape = esc;
  if (comment) options.comment = comment;
  const csvParse: Record<string, unknown> = { delimiter, quote, escape: esc ?? quote, relax_quotes: literalQuotes };
  if (comment) Object.assign(csvParse, { comment, comment_no_infix: true });
  return { options, csvParse, delimiter, quote, escape: esc, comment, trailing, skipRows, literalQuotes };
}

/** Writes rows of strings in the dialect; returns the text and the fields a reader must find. */
function writeDialect(rows: string[][], d: FuzzDialect, rng: Rng): { text: string; body: string; want: string[][] } {
  const want: string[][] = [];
  const lines: string[] = [];
  const skipped: string[] = [];
  for (let k = 0; k < d.skipRows; k++) skipped.push(rng.pick(['junk "line', 'exported by x, y', '']));
  rows.forEach((fields, r) => {
    if (d.comment && rng.chance(0.2)) lines.push(`${d.comment}${rng.pick([' note "x', ' a,b;c||d', ''])}`);
    const cells = fields.map((f, c) => {
      let v = f;
      // a literal quote inside an unquoted field (not at its start), as in 37°36'37.8"N
      const literal = d.literalQuotes && r > 0 && rng.chance(0.15);
      if (literal) v = `N${d.quote}${v.replace(/[\r\n]/g, '')}`;
      const needs = /[\r\n]/.test(v) || [...d.delimiter].some((ch) => v.includes(ch)) || (!literal && v.includes(d.quote)) || (d.escape !== null && v.includes(d.escape))
        || (c === 0 && d.comment !== null && v.startsWith(d.comment)) || (literal && ([...d.delimiter].some((ch) => v.includes(ch)) || (d.escape !== null && v.includes(d.escape))));
      if (literal && needs) v = v.replaceAll(d.quote, '');
      const cell = needs || (!literal && rng.chance(0.2));
      const text = cell ? quoteIn(v, d) : v;
      return { value: v, text: text === '' && c === 0 && fields.length === 1 ? quoteIn('', d) : text };
    });
    want.push(cells.map((c) => c.value));
    lines.push(cells.map((c) => c.text).join(d.delimiter) + (d.trailing ? d.delimiter : ''));
  });
  const eol = rng.pick(['\n', '\r\n']);
  const body = `${lines.join(eol)}\n`;
  return { text: skipped.map((l) => l + eol).join('') + body, body, want };
}

function quoteIn(v: string, d: FuzzDialect): string {
  const q = d.quote;
  const inner = d.escape ? v.replaceAll(d.escape, d.escape + d.escape).replaceAll(q, d.escape + q) : v.replaceAll(q, q + q);
  return q + inner + q;
}

describe('fuzz: dialect options (delimiter, quote, escape, comment, trailing delimiter, skipRows, literal quotes)', () => {
  test('200 documents in random dialects at random blocksizes equal csv-parse with the same options', async () => {
    const rng = new Rng(20261130);
    const failures: string[] = [];
    for (let seed = 1; seed <= 200; seed++) {
      const d = randomDialect(rng);
      const doc = generateDocument(50_000 + seed, { maxRows: 10, maxCols: 4 });
      const ncols = doc.rows[0].length;
      const { text, body, want } = writeDialect([names(ncols), ...doc.rows], d, rng);
      const ref = (parse(body, { bom: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n'], ...d.csvParse }) as string[][])
        .map((r) => (d.trailing ? r.slice(0, -1) : r));
      const path = join(dir, `dialect-${seed}.csv`);
      writeFileSync(path, text);
      const blocksize = rng.pick([1, 2, 3, 5, 8, 13, 64, 1 << 20]);
      let got: string[][] | string;
      try {
        got = await floeRows(path, names(ncols), blocksize, d.options);
      } catch (err) {
        got = `threw ${(err as Error).message}`;
      }
      if (JSON.stringify(ref) !== JSON.stringify(want)) failures.push(`seed ${seed}: csv-parse disagrees with the writer`);
      else if (JSON.stringify(got) !== JSON.stringify(want.slice(1))) {
        failures.push(`seed ${seed} blocksize ${blocksize} ${JSON.stringify(d.options)}: ${typeof got === 'string' ? got : 'rows differ'}`);
        save(`dialect-${seed}.csv`, text);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
