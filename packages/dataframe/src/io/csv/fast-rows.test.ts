/**
 * The parser specialised to a scan's field kinds (fast-rows.ts) against RowScanner's general
 * loop, which is the specification: seeded documents of every kind the fast parser handles, mixed
 * with what it must give back (quotes, null tokens, fractions of a second, ragged rows, comment
 * lines, bad values), scanned with and without it, cut into buffers at random places. Values,
 * nulls, dictionaries, skipped rows and errors (message, row, column, value) must be the same.
 */
import { describe, expect, it } from 'vitest';
import type { DType } from '../../types/dtype.js';
import type { DtField } from '../../plan/expr-node.js';
import { DEFAULT_DIALECT, DEFAULT_NULL_VALUES, nullTokenBytes, type CsvDialect } from './dialect.js';
import { FieldError, RowScanner, ST_DONE, ST_FULL, type ScanFieldSpec, type ScanRowsOptions } from './scan-rows.js';
import { Rng } from '../../testing/random-csv.js';

const enc = new TextEncoder();

type Kind = 'int64' | 'float64' | 'string' | 'timestamp' | 'date' | 'bool' | 'year' | 'skip';

const PLAIN: Record<Kind, (r: Rng) => string> = {
  int64: (r) => String(r.int(-99999, 99999)),
  float64: (r) => (r.int(-999999, 999999) / 100).toFixed(r.int(0, 3)),
  string: (r) => (r.chance(0.3) ? (v: string) => `"${v}"` : (v: string) => v)('k'.repeat(r.int(0, 9)) + String(r.int(0, 40))),
  timestamp: (r) => `${r.int(1960, 2040)}-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}${r.chance(0.5) ? ' ' : 'T'}${pad(r.int(0, 23))}:${pad(r.int(0, 59))}:${pad(r.int(0, 59))}`,
  date: (r) => `${r.int(1960, 2040)}-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}`,
  bool: (r) => ['true', 'false', 'True', 'FALSE'][r.int(0, 3)],
  year: (r) => PLAIN.timestamp(r),
  skip: (r) => (r.chance(0.3) ? `"s,${r.int(0, 999)}"` : `s${r.int(0, 999)}`),
};

/** Values the fast parser must give back to the general loop (some are errors there). */
const ODD: Record<Kind, string[]> = {
  int64: ['', 'NA', ' 5', '"7"', '-0', '12345678901234567', '9007199254740993', '1.5', '-', '0012', 'x'],
  float64: ['', 'NA', '1e3', '1e-05', '2.5E+10', '-3e', '1e+', '0.30000000000000004', '12345678.123456789', '1.5e3x', '.5', '5.', '"2.5"', '123456789012.3456', 'inf', ' 1.25', '-.5', 'abc'],
  string: ['', 'NA', 'NULL', 'None', 'nan', '""', '"x""y"', '"a\\"b"', '"a\\\\"', '"ab"c', '"q,uote"', '"a\nb"', 'x y', 'é', '"NA"', 'a"b'],
  timestamp: ['', '2024-02-29 13:45:00.123', '2024-02-29T13:45:00.123456Z', '2024-02-29T13:45:00+05:30', '2024-02-29T13:45:00-03', '2024-12-31 24:00:00', '2024-02-29 24:00:01', '2024-02-29 13:45', '2024-1,', '2024-02-29 13:45:00.1234567', '2024-02-29', '"2024-01-01 00:00:00"', '2024-01-01 00:00:00Z', '2024-02-30 00:00:00', 'NA'],
  date: ['', '2024-02-29 10:00:00', 'NA', '"2023-01-05"', '2023-02-29', '2024-02-29'],
  bool: ['', 'NA', 'null', ' true', '"true"', 'yes', 'tru', 'falsey', '1'],
  year: ['2024-02-29 13:45:00.5', '2024-12-31T24:00:00', '2024-01-01T00:00:00+01:00', '"2000-01-01 00:00:00"', '2023-13-01 00:00:00', ''],
  skip: ['"quoted, skipped"', '', 'a"b', '"x\ny"', '""', '"x""y"', '"a\\"b"', '"ab"c', '"x\r\ny"'],
};

function pad(v: number): string {
  return String(v).padStart(2, '0');
}

interface Doc {
  text: string;
  /** The document's bytes when they are not its text's UTF-8 (invalid UTF-8). */
  bytes?: Uint8Array;
  kinds: Kind[];
  dialect: CsvDialect;
  skipBadLines: boolean;
}

function makeDoc(seed: number): Doc {
  const r = new Rng(seed);
  const all: Kind[] = ['int64', 'float64', 'string', 'timestamp', 'date', 'bool', 'year', 'skip'];
  const kinds = Array.from({ length: r.int(1, 6) }, () => all[r.int(0, all.length - 1)]);
  const odd = [0, 0.02, 0.15][r.int(0, 2)];
  const delimiter = r.chance(0.8) ? ',' : ';';
  const dialect: CsvDialect = {
    ...DEFAULT_DIALECT,
    delimiter,
    decimal: delimiter === ';' && r.chance(0.5) ? ',' : '.',
    trailingDelimiter: r.chance(0.2),
    comment: r.chance(0.2) ? '#' : null,
    escape: r.chance(0.15) ? '\\' : null,
  };
  const eol = r.chance(0.7) ? '\n' : '\r\n';
  const lines: string[] = [];
  for (let i = r.int(0, 400); i > 0; i--) {
    if (r.chance(0.01)) { lines.push(''); continue; }
    if (dialect.comment !== null && r.chance(0.03)) { lines.push('# a comment, with "quotes"'); continue; }
    const fields = kinds.map((k) => {
      let v = r.chance(odd) ? ODD[k][r.int(0, ODD[k].length - 1)] : PLAIN[k](r);
      if (dialect.decimal === ',' && k === 'float64') v = v.replace('.', ',');
      return v;
    });
    const ragged = r.float();
    if (ragged < odd / 4) fields.pop(); // a short row
    else if (ragged < odd / 2) fields.push('extra'); // a long one
    lines.push(fields.join(delimiter) + (dialect.trailingDelimiter && r.chance(0.7) ? delimiter : ''));
  }
  const text = lines.join(eol) + (r.chance(0.8) ? eol : '');
  return { text, kinds, dialect, skipBadLines: r.chance(0.3) };
}

type Mode = false | 'plain' | 'indexed';

function options(doc: Doc, specialise: Mode, batchRows: number): ScanRowsOptions {
  const fields: ScanFieldSpec[] = [];
  doc.kinds.forEach((k, index) => {
    if (k === 'skip') return;
    const dtype: DType = k === 'year' ? 'timestamp' : k;
    const parts: DtField[] | undefined = k === 'year' ? ['year', 'month', 'weekday', 'date'] : undefined;
    fields.push({ index, name: `c${index}`, dtype, parts, given: true }); // given: a date column takes a timestamp's date
  });
  return {
    nFields: doc.kinds.length, fields, delimiter: doc.dialect.delimiter.charCodeAt(0),
    nullTokens: nullTokenBytes(DEFAULT_NULL_VALUES), batchRows, dateErrorsNull: false,
    dialect: doc.dialect, skipBadLines: doc.skipBadLines, specialise,
  };
}

interface Outcome {
  rows: unknown[][];
  skipped: number;
  error: string | null;
  fast: number;
}

/** Scans the document from buffers cut at the given offsets (each refill keeps the unfinished row), as readPartition does. */
function scanDoc(doc: Doc, specialise: Mode, batchRows: number, cuts: number[]): Outcome {
  const bytes = doc.bytes ?? enc.encode(doc.text);
  const scanner = new RowScanner(options(doc, specialise, batchRows));
  const rows: unknown[][] = [];
  let skipped = 0;
  let error: string | null = null;
  let base = 0; // file offset of buf[0]
  let buf = bytes.slice(0, cuts[0] ?? bytes.length);
  let next = 1;
  let p = 0;
  try {
    for (;;) {
      const eof = base + buf.length >= bytes.length;
      p = scanner.scan(buf, p, buf.length, eof, Infinity);
      skipped += scanner.skipped;
      scanner.skipped = 0;
      if (scanner.status === ST_FULL || (scanner.status === ST_DONE && scanner.n > 0)) {
        for (const col of [scanner.takeBatch()]) {
          for (let i = 0; i < scanner.n; i++) rows.push(col.map(({ column: c }) => (c.valid !== null && c.valid[i] === 0 ? null : c.dict ? c.dict[c.values[i] as number] : c.values[i])));
        }
        scanner.resetBatch();
      }
      if (scanner.status === ST_DONE) break;
      if (scanner.status !== ST_FULL) {
        // NEED: a new buffer from the unfinished row to the next cut
        const from = base + p;
        const to = next < cuts.length ? Math.max(cuts[next++], from + 1) : bytes.length;
        buf = bytes.slice(from, Math.min(to, bytes.length));
        base = from;
        p = 0;
      }
    }
  } catch (err) {
    if (!(err instanceof FieldError)) throw err;
    error = `${err.problem} @${base + err.rowStart} ${err.column} ${err.value}`;
  }
  return { rows, skipped, error, fast: scanner.rowsParsedFast };
}

describe.each(['plain', 'indexed'] as const)('the specialised row parser (%s) equals the general loop', (mode) => {
  it('on 400 seeded documents of every field kind, plain and odd values, cut into buffers at random places', () => {
    const bad: string[] = [];
    let fastRows = 0;
    let allRows = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const doc = makeDoc(seed);
      const r = new Rng(seed * 7919);
      const len = enc.encode(doc.text).length;
      const cuts = Array.from({ length: r.int(0, 6) }, () => r.int(1, Math.max(1, len))).sort((a, b) => a - b);
      const batchRows = [1, 7, 64, 10_000][r.int(0, 3)];
      const general = scanDoc(doc, false, batchRows, cuts);
      const fast = scanDoc(doc, mode, batchRows, cuts);
      expect(general.fast).toBe(0);
      fastRows += fast.fast;
      allRows += fast.rows.length;
      const same = JSON.stringify({ ...fast, fast: 0 }, big) === JSON.stringify({ ...general, fast: 0 }, big);
      if (!same) bad.push(`seed ${seed}: fast ${JSON.stringify(fast, big).slice(0, 300)} vs general ${JSON.stringify(general, big).slice(0, 300)}`);
    }
    expect(bad).toEqual([]);
    // the comparison means something only if the fast parser took most rows
    expect(fastRows).toBeGreaterThan(allRows * 0.7);
  });

  it('takes every row of a plain document and none of the rows it cannot parse', () => {
    const text = '"x, y",2024-01-02 03:04:05,1.5,k1\nz,2024-01-03,2,"k,2"\nq,2024-01-03 00:00:00.250,"3",k3\nr,2024-01-03T00:00:00.5Z,4e-1,k4\n';
    const doc: Doc = { text, kinds: ['skip', 'timestamp', 'float64', 'string'], dialect: DEFAULT_DIALECT, skipBadLines: false };
    const out = scanDoc(doc, mode, 100, []);
    expect(out.fast).toBe(3); // quoted text, fractions of a second and exponents are taken; the third row's quoted number is not
    expect(out.rows).toEqual([
      [Date.UTC(2024, 0, 2, 3, 4, 5), 1.5, 'k1'],
      [Date.UTC(2024, 0, 3), 2, 'k,2'],
      [Date.UTC(2024, 0, 3, 0, 0, 0, 250), 3, 'k3'],
      [Date.UTC(2024, 0, 3, 0, 0, 0, 500), 0.4, 'k4'],
    ]);
  });

  it.each([
    ['in the last column, after two batches of interning', 1700, 'k1,1700,s,t,v\u00ff'],
    // the first column's interning stops at it while the other column's goes on past it
    ['in the first column, inside its first batch', 500, 'k\u00ff,500,s,t,v3'],
  ])('a text value that is not UTF-8 %s: the rows before it keep their values, the error names its row and column', (_, at, line) => {
    // the fast parser gives the bad row back; the general loop reports it
    const lines = Array.from({ length: 3000 }, (_, i) => `k${i % 50},${i},s,t,v${i % 7}`);
    lines[at] = line;
    const bytes = enc.encode(`${lines.join('\n')}\n`);
    bytes[bytes.indexOf(0xc3, enc.encode(lines.slice(0, at).join('\n')).length)] = 0xff; // \u00ff's first byte: invalid UTF-8
    for (const skipBadLines of [false, true]) {
      for (const batchRows of [64, 10_000]) {
        const doc: Doc = { text: '', bytes, kinds: ['string', 'int64', 'skip', 'skip', 'string'], dialect: DEFAULT_DIALECT, skipBadLines };
        const general = scanDoc(doc, false, batchRows, []);
        const fast = scanDoc(doc, mode, batchRows, []);
        expect({ ...fast, fast: 0 }).toEqual({ ...general, fast: 0 });
        expect(fast.fast).toBeGreaterThan(at - 100);
        expect(fast.error).toMatch(at === 500 ? /UTF-8.* @\d+ c0 / : /UTF-8.* @\d+ c4 /); // not a bad line to skip: an error at its row and column
      }
    }
  });

  it('runs of unprojected fields: empty, quoted (with delimiters and quotes inside), a short or long row among them — as the general loop', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `a${i},${i % 3 === 0 ? '' : 'b'},c,${i},x,y,${i % 5},z,last${i % 4}`);
    lines[10] = '"a,10",b,"c ""q"" d",10,"x",y,0,z,last2';
    lines[11] = 'a11,,,11,,,1,,'; // every unprojected field empty
    lines[12] = 'a12,b,12,x,y,2,z,last0'; // one field short: its values shift, as in the general loop, or it is an error there
    lines[13] = 'a13,b,c,13,x,y,3,z,last1,extra';
    lines[14] = 'a14,b",c,14,x,y,4,z,last2'; // a quote inside an unquoted field
    lines[15] = '"a15",b,c,15,"x",y,0,z,last3'; // quoted: a run's last terminator is a delimiter, not its first
    lines[16] = 'a16,b,c,16,x,y,1,z,"last,0"'; // the row's last field quoted, with a delimiter inside
    lines[17] = 'a17,b,c,17,x,y,2,z,la"st1'; // a quote inside the row's last field
    lines[18] = 'a18,b,c,18,x,y,3,z,last2\r'; // CR LF
    const projected: Doc['kinds'][] = [
      ['skip', 'skip', 'skip', 'int64', 'skip', 'skip', 'int64', 'skip', 'string'],
      // runs of one, and a run that ends the row
      ['skip', 'string', 'skip', 'int64', 'skip', 'skip', 'int64', 'skip', 'skip'],
    ];
    for (const [kinds, skipBadLines] of projected.flatMap((k) => [[k, false], [k, true]] as const)) {
      for (const batchRows of [64, 10_000]) {
        const doc: Doc = { text: `${lines.join('\n')}\n`, kinds, dialect: DEFAULT_DIALECT, skipBadLines };
        const general = scanDoc(doc, false, batchRows, []);
        const fast = scanDoc(doc, mode, batchRows, [enc.encode(lines.slice(0, 200).join('\n')).length + 3]);
        expect({ ...fast, fast: 0 }).toEqual({ ...general, fast: 0 });
        if (skipBadLines) expect(fast.rows.length).toBe(398);
        // the quoted and empty runs stay in the fast parser; the bad rows go back to the general loop
        expect(fast.fast).toBeGreaterThanOrEqual(skipBadLines ? 390 : 10);
      }
    }
  });

  it('a row longer than an index covers (1 MiB) goes to the general loop, the rows around it do not', () => {
    const long = 'x'.repeat(1_500_000);
    const lines = Array.from({ length: 3000 }, (_, i) => `a,${i},b,c,${i % 7}`);
    lines[1500] = `${long},1500,b,c,3`;
    const doc: Doc = { text: `${lines.join('\n')}\n`, kinds: ['skip', 'int64', 'skip', 'skip', 'int64'], dialect: DEFAULT_DIALECT, skipBadLines: false };
    const general = scanDoc(doc, false, 10_000, []);
    const fast = scanDoc(doc, mode, 10_000, []);
    expect(fast.rows).toEqual(general.rows);
    expect(fast.rows).toHaveLength(3000);
    expect(fast.fast).toBe(mode === 'indexed' ? 2999 : 3000); // the plain parser has no such bound
  });

  it("a parser's first call on a thread stops after 1,024 rows and the scan goes on from there: 3,000 rows, all parsed fast, as the general loop", () => {
    // '|' and this column mix: a shape no other test compiles, so its parser is new to the thread
    const r = new Rng(2026);
    const lines = Array.from({ length: 3000 }, (_, i) => `id${r.int(0, 500)}|${i}|${(r.int(-99999, 99999) / 100).toFixed(2)}|s${i}|x`);
    const doc: Doc = { text: `${lines.join('\n')}\n`, kinds: ['string', 'int64', 'float64', 'skip', 'skip'], dialect: { ...DEFAULT_DIALECT, delimiter: '|' }, skipBadLines: false };
    const fast = scanDoc(doc, mode, 10_000, []);
    expect(fast.fast).toBe(3000);
    expect(JSON.stringify({ ...fast, fast: 0 }, big)).toBe(JSON.stringify({ ...scanDoc(doc, false, 10_000, []), fast: 0 }, big));
  });

  it('turns itself off when most rows need the general loop', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `"2024-01-01 00:00:0${i % 10}",${i}`).join('\n');
    const doc: Doc = { text, kinds: ['timestamp', 'int64'], dialect: DEFAULT_DIALECT, skipBadLines: false };
    const scanner = new RowScanner(options(doc, mode, 10_000));
    const bytes = enc.encode(text);
    scanner.scan(bytes, 0, bytes.length, true, Infinity);
    expect(scanner.n).toBe(5000);
    expect(scanner.rowsParsedFast).toBe(0);
    // 1025 rows were tried and given back, then the rest went straight to the general loop
    expect((scanner as unknown as { fast: unknown }).fast).toBeNull();
  });
});

function big(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `${v}n` : v;
}
