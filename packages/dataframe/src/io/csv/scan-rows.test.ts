/**
 * Specification tests of the hot-path row scanner (RowScanner) and the partition reader
 * (readPartition): typed values straight from bytes, the NEED/FULL/DONE protocol when a buffer
 * ends inside a row, projection (skipped fields), errors, and — the partitioning contract —
 * every row read exactly once whatever the blocksize, including rows whose quoted fields hold
 * newlines across a range boundary (each range's guessed first row checked against where the
 * range before it stopped, the way physical/combine.ts validateOutputs does).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DType } from '../../types/dtype.js';
import { CsvError } from './csv-error.js';
import { DEFAULT_NULL_VALUES, nullTokenBytes } from './dialect.js';
import { planPartitions, type CsvPartition } from './partitions.js';
import { RowChain } from '../../physical/row-chain.js';
import { readPartition } from './read-partition.js';
import { FieldError, RowScanner, ST_DONE, ST_FULL, ST_NEED, type ScanOutput, type ScanRowsOptions } from './scan-rows.js';
import { generateDataset, normInt } from '../../testing/random-csv.js';
import { diffRows, readTexts, type Cell, type Row } from '../../testing/oracle.js';

const enc = new TextEncoder();
const tmpRoot = mkdtempSync(join(tmpdir(), 'floe-scan-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

interface Doc {
  name: string;
  bytes: Uint8Array;
  schema: { name: string; dtype: DType }[];
  rows: Row[];
  dataStart: number;
}

/** Offset of the first data row: after the BOM and the header line (headers here hold no newline). */
function dataStartOf(bytes: Uint8Array): number {
  const nl = bytes.indexOf(0x0a);
  return nl < 0 ? bytes.length : nl + 1;
}

function docFromText(name: string, text: string, schema: { name: string; dtype: DType }[]): Doc {
  const bytes = enc.encode(text);
  return { name, bytes, schema, rows: readTexts([bytes], schema), dataStart: dataStartOf(bytes) };
}

function scanOptions(schema: readonly { name: string; dtype: DType }[], batchRows: number, project?: readonly string[]): ScanRowsOptions {
  return {
    nFields: schema.length,
    // types given, as dtypes gives them: a date column takes a timestamp's date (the sample's date refuses it: csv-errors.test.ts)
    fields: schema.map((f, index) => ({ index, name: f.name, dtype: f.dtype, given: true })).filter((f) => !project || project.includes(f.name)),
    delimiter: 0x2c,
    nullTokens: nullTokenBytes(DEFAULT_NULL_VALUES),
    batchRows,
    dateErrorsNull: false,
  };
}

/** Typed scan output → rows of cells (int64 as number or bigint, timestamps as epoch ms). */
function toRows(cols: ScanOutput[], n: number): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < n; i++) {
    const row: Row = {};
    for (const { name, column: c } of cols) {
      let v: Cell;
      if (c.valid !== null && c.valid[i] === 0) v = null;
      else if (c.dtype === 'string') v = c.dict![(c.values as Int32Array)[i]];
      else if (c.dtype === 'bool') v = c.values[i] === 1;
      else if (c.dtype === 'date') v = (c.values[i] as number) * 86_400_000;
      else if (c.values instanceof BigInt64Array) v = normInt(c.values[i]);
      else v = c.values[i] as number;
      row[name] = v;
    }
    out.push(row);
  }
  return out;
}

/** Scans buf[pos, end) to the end with eof, collecting every batch. */
function scanAll(scanner: RowScanner, buf: Uint8Array, pos: number, into: Row[]): void {
  let p = pos;
  for (;;) {
    p = scanner.scan(buf, p, buf.length, true, Infinity);
    if (scanner.status === ST_FULL || scanner.n > 0) {
      into.push(...toRows(scanner.takeBatch(), scanner.n));
      scanner.resetBatch();
    }
    if (scanner.status === ST_DONE) return;
    expect(scanner.status).toBe(ST_FULL);
  }
}

const HAND_SCHEMA: { name: string; dtype: DType }[] = [
  { name: 'id', dtype: 'int64' },
  { name: 'text', dtype: 'string' },
  { name: 'n', dtype: 'int64' },
];
const HAND = 'id,text,n\n1,"a\nb",10\n2,"""q""\n,x",20\n3,plain,30\n\n4,"multi\nline\n\nhere",40\n5,"",\n6,NA,"7"\n';

function handDocs(): Doc[] {
  const crlf = HAND.replaceAll('\n', '\r\n');
  return [
    docFromText('LF', HAND, HAND_SCHEMA),
    docFromText('CRLF everywhere (also inside quotes)', crlf, HAND_SCHEMA),
    docFromText('BOM, no newline at EOF', `\ufeff${HAND.slice(0, -1)}`, HAND_SCHEMA),
    // dates and text take the scanner's inline paths; these lines also exercise what those paths hand back to the general one
    docFromText('dates and unquoted text, no newline at EOF', 'd,s,x\n2024-02-29,abc,1\n1999-12-31,NA,2\n,,3\n"2023-01-05",ab,4\n2024-03-01 23:59:59,"q",5\n2000-01-01,,\n1970-01-01,x y,6\n2038-01-19,end,7',
      [{ name: 'd', dtype: 'date' }, { name: 's', dtype: 'string' }, { name: 'x', dtype: 'int64' }]),
    docFromText('date-only values in a timestamp column', 't,s\n2024-02-29,a\n2024-02-29 13:45:00,b\n,c\n1999-12-31,d', [{ name: 't', dtype: 'timestamp' }, { name: 's', dtype: 'string' }]),
    docFromText('a date last in the row at EOF', 's,d\nabc,2024-02-29\n,1900-03-01\nNULL,2024-12-31', [{ name: 's', dtype: 'string' }, { name: 'd', dtype: 'date' }]),
    docFromText('quoted field last at EOF', 'id,text,n\n1,x,2\n3,4,"5\n"\n7,"8\n9",10', [{ name: 'id', dtype: 'int64' }, { name: 'text', dtype: 'string' }, { name: 'n', dtype: 'string' }]),
  ];
}

function randomDocs(): Doc[] {
  return Array.from({ length: 12 }, (_, k) => {
    const ds = generateDataset(900 + k * 31, { maxRows: 7, maxFiles: 1 });
    const f = ds.files[0];
    const schema = ds.columns.map((c) => ({ name: c.name, dtype: c.dtype }));
    const bytes = enc.encode(f.text);
    const rows = f.rows.map((r) => Object.fromEntries(ds.columns.map((c, i) => [c.name, r[i]])) as Row);
    return { name: `random seed ${900 + k * 31} (${f.eol}${f.bom ? ', BOM' : ''}${f.trailingNewline ? '' : ', no final EOL'})`, bytes, schema, rows, dataStart: dataStartOf(bytes) };
  });
}

const DOCS = [...handDocs(), ...randomDocs()];

describe('the oracle reads the hand-written document as intended', () => {
  it('quoted newlines, escaped quotes, a blank line, "" (empty string) and an unquoted NA', () => {
    expect(docFromText('x', HAND, HAND_SCHEMA).rows).toEqual([
      { id: 1, text: 'a\nb', n: 10 },
      { id: 2, text: '"q"\n,x', n: 20 },
      { id: 3, text: 'plain', n: 30 },
      { id: 4, text: 'multi\nline\n\nhere', n: 40 },
      { id: 5, text: '', n: null },
      { id: 6, text: null, n: 7 },
    ]);
  });
});

describe('RowScanner dates on the inline path', () => {
  it('an impossible date is an error that names the column and the value', () => {
    const schema: { name: string; dtype: DType }[] = [{ name: 'when', dtype: 'date' }, { name: 's', dtype: 'string' }];
    const bytes = enc.encode('when,s\n2024-01-31,a\n2023-02-29,b\n');
    const scanner = new RowScanner(scanOptions(schema, 8));
    let caught: unknown;
    try { scanAll(scanner, bytes, dataStartOf(bytes), []); } catch (err) { caught = err; }
    expect(caught).toBeInstanceOf(FieldError);
    expect((caught as FieldError).column).toBe('when');
    expect((caught as FieldError).value).toBe('2023-02-29');
  });
});

describe('RowScanner over a whole buffer', () => {
  it.each(DOCS)('$name: typed values equal the intended ones (batches of 2 rows)', (doc) => {
    const rows: Row[] = [];
    scanAll(new RowScanner(scanOptions(doc.schema, 2)), doc.bytes, doc.dataStart, rows);
    expect(diffRows(rows, doc.rows)).toEqual([]);
    expect(rows.length).toBe(doc.rows.length);
  });

  it.each(DOCS)('$name: a projection skips the other fields without changing the projected values', (doc) => {
    const keep = doc.schema.filter((_, i) => i % 2 === 1).map((f) => f.name);
    const rows: Row[] = [];
    scanAll(new RowScanner(scanOptions(doc.schema, 1000, keep)), doc.bytes, doc.dataStart, rows);
    expect(rows).toEqual(doc.rows.map((r) => Object.fromEntries(keep.map((k) => [k, r[k]]))));
  });
});

describe('RowScanner protocol: a buffer that ends inside a row (NEED)', () => {
  it.each(DOCS)('$name: cut at every byte and refilled into a new buffer, every row is parsed once', (doc) => {
    const bad: string[] = [];
    for (let cut = doc.dataStart; cut <= doc.bytes.length; cut++) {
      const scanner = new RowScanner(scanOptions(doc.schema, 3));
      const rows: Row[] = [];
      let p = doc.dataStart;
      for (;;) {
        p = scanner.scan(doc.bytes, p, cut, false, Infinity);
        if (scanner.status !== ST_FULL) break;
        rows.push(...toRows(scanner.takeBatch(), scanner.n));
        scanner.resetBatch();
      }
      if (scanner.status !== ST_NEED) bad.push(`cut ${cut}: status ${scanner.status}`);
      // refill: keep the bytes from p (the unfinished row) at the start of a fresh buffer
      scanAll(scanner, doc.bytes.slice(p), 0, rows);
      const d = diffRows(rows, doc.rows, {}, 2);
      if (d.length > 0) bad.push(`cut ${cut}: ${d.join('; ')}`);
    }
    expect(bad).toEqual([]);
  });

  it('stopAt: no row starting at or after it is parsed', () => {
    const buf = enc.encode('1,a\n2,b\n3,c\n');
    const s = new RowScanner(scanOptions([{ name: 'x', dtype: 'int64' }, { name: 'y', dtype: 'string' }], 100));
    const p = s.scan(buf, 0, buf.length, true, 5); // row 2 starts at 4 < 5, row 3 at 8
    expect(s.status).toBe(ST_DONE);
    expect(p).toBe(8);
    expect(toRows(s.takeBatch(), s.n)).toEqual([{ x: 1, y: 'a' }, { x: 2, y: 'b' }]);
  });
});

describe('RowScanner values and errors', () => {
  const scanText = (text: string, schema: { name: string; dtype: DType }[]): Row[] => {
    const rows: Row[] = [];
    scanAll(new RowScanner(scanOptions(schema, 100)), enc.encode(text), 0, rows);
    return rows;
  };

  it('ints: signs, leading zeros, quoted, null spellings, and exact values past 2^53 (as bigint)', () => {
    const rows = scanText('-12\n+7\n007\n"42"\nNA\n\n9007199254740993\n-9223372036854775808\n'.replace('\n\n', '\n""\n'), [{ name: 'v', dtype: 'int64' }]);
    expect(rows.map((r) => r.v)).toEqual([-12, 7, 7, 42, null, null, 9007199254740993n, -9223372036854775808n]);
  });

  it('ints: "-0" is 0 (int64 has no negative zero)', () => {
    const rows = scanText('-0\n"-0"\n', [{ name: 'v', dtype: 'int64' }]);
    expect(rows.map((r) => Object.is(r.v, 0))).toEqual([true, true]);
  });

  it('floats: decimals, exponents, 17 significant digits and inf are parsed exactly like Number()', () => {
    const texts = ['0.1', '-2.5', '1e3', '2.5E-2', '-3e+2', '.5', '7', '0.30000000000000004', '123456789.12345678', '1.7976931348623157e308', '5e-324', 'inf', '-inf'];
    const rows = scanText(`${texts.join('\n')}\n`, [{ name: 'v', dtype: 'float64' }]);
    expect(rows.map((r) => r.v)).toEqual(texts.map((t) => (t === 'inf' ? Infinity : t === '-inf' ? -Infinity : Number(t))));
  });

  it('timestamps: ISO with space or T, quoted, leap day; taken as UTC', () => {
    const rows = scanText('2024-02-29 23:59:59\n"2001-01-01T00:00:00"\n1999-12-31 12:00:00\nNULL\n', [{ name: 't', dtype: 'timestamp' }]);
    expect(rows.map((r) => r.t)).toEqual([Date.UTC(2024, 1, 29, 23, 59, 59), Date.UTC(2001, 0, 1), Date.UTC(1999, 11, 31, 12), null]);
  });

  it('bools in any case', () => {
    expect(scanText('true\nFALSE\nTrue\n\n'.replace('\n\n', '\nnull\n'), [{ name: 'b', dtype: 'bool' }]).map((r) => r.b)).toEqual([true, false, true, null]);
  });

  it('strings: quoted null spellings and "" are values; unquoted ones are null', () => {
    const rows = scanText('"NA",""\nNA,\n"a""b",x\n', [{ name: 'a', dtype: 'string' }, { name: 'b', dtype: 'string' }]);
    expect(rows).toEqual([{ a: 'NA', b: '' }, { a: null, b: null }, { a: 'a"b', b: 'x' }]);
  });

  it('a value that does not fit the type is a FieldError naming the column and value', () => {
    const err = (() => { try { scanText('1\nabc\n', [{ name: 'v', dtype: 'int64' }]); } catch (e) { return e; } return null; })();
    expect(err).toBeInstanceOf(FieldError);
    expect((err as FieldError).column).toBe('v');
    expect((err as FieldError).value).toBe('abc');
  });

  it('a row with too few or too many fields is a FieldError', () => {
    const schema = [{ name: 'a', dtype: 'int64' as const }, { name: 'b', dtype: 'int64' as const }];
    expect(() => scanText('1,2\n3\n', schema)).toThrow(/expected 2 fields/);
    expect(() => scanText('1,2\n3,4,5\n', schema)).toThrow(/expected 2 fields/);
  });

  it('an int beyond the int64 range is an error, not a wrapped value', () => {
    expect(() => scanText('99999999999999999999\n', [{ name: 'v', dtype: 'int64' }])).toThrow(/int64 range/);
  });
});

function writeDoc(doc: Doc, k: number): string {
  const path = join(tmpRoot, `doc-${k}.csv`);
  writeFileSync(path, doc.bytes);
  return path;
}

/**
 * Reads every range the way the driver does: each guesses its first row (as the parallel tasks
 * do); a guess that differs from where the range before it stopped is read again from there
 * (physical/combine.ts validateOutputs).
 */
function readRanges(path: string, ranges: readonly CsvPartition[], scan: ScanRowsOptions, rows: Row[]): { reported: number; reread: number } {
  const chain = new RowChain();
  let reported = 0;
  let reread = 0;
  for (const part of ranges) {
    const base = { path, start: part.start, end: part.end, dataStart: part.dataStart };
    const firstRow = chain.at(base);
    if (firstRow === null) throw new Error('no range here stops early');
    const got: Row[] = [];
    const at = { firstRow: -1 };
    let r: ReturnType<typeof readPartition> | null = null;
    try {
      r = readPartition(base, scan, (cols, n) => { got.push(...toRows(cols, n)); }, at);
    } catch (err) {
      if (at.firstRow === firstRow) throw err; // a real error: the guess was right
    }
    if (r === null || r.firstRow !== firstRow) {
      reread++;
      got.length = 0;
      r = readPartition({ ...base, firstRow }, scan, (cols, n) => { got.push(...toRows(cols, n)); });
    }
    rows.push(...got);
    reported += r.rows;
    chain.advance(r.nextRow);
  }
  return { reported, reread };
}

describe('readPartition: every blocksize from 1 to 40 bytes reads each row exactly once', () => {
  it.each(DOCS.map((d, k) => ({ ...d, k })))('$name', (doc) => {
    const path = writeDoc(doc, doc.k);
    const file = { path, size: doc.bytes.length, mtimeMs: 0, dataStart: doc.dataStart };
    const problems: string[] = [];
    for (let bs = 1; bs <= 40; bs++) {
      const ranges = planPartitions([file], bs);
      const rows: Row[] = [];
      const { reported } = readRanges(path, ranges, scanOptions(doc.schema, 2), rows);
      if (ranges.length > 0 && (ranges[0].start !== doc.dataStart || ranges[ranges.length - 1].end !== doc.bytes.length)) problems.push(`bs ${bs}: ranges do not cover the data`);
      for (let i = 1; i < ranges.length; i++) if (ranges[i].start !== ranges[i - 1].end) problems.push(`bs ${bs}: gap/overlap at ${ranges[i].start}`);
      if (reported !== rows.length) problems.push(`bs ${bs}: reported ${reported} rows, delivered ${rows.length}`);
      const d = diffRows(rows, doc.rows, {}, 3);
      if (d.length > 0) problems.push(`bs ${bs}: ${d.join('; ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('lone-CR row endings (which the scanner and tokenizer accept): each row once at every blocksize', () => {
    const text = 'a,b\r1,x\r2,y\r3,z\r';
    const bytes = enc.encode(text);
    const path = join(tmpRoot, 'cr-only.csv');
    writeFileSync(path, bytes);
    const schema = [{ name: 'a', dtype: 'int64' as const }, { name: 'b', dtype: 'string' as const }];
    const want = [{ a: 1, b: 'x' }, { a: 2, b: 'y' }, { a: 3, b: 'z' }];
    const got: string[] = [];
    for (let bs = 1; bs <= 16; bs++) {
      const rows: Row[] = [];
      readRanges(path, planPartitions([{ path, size: bytes.length, mtimeMs: 0, dataStart: 4 }], bs), scanOptions(schema, 10), rows);
      if (JSON.stringify(rows) !== JSON.stringify(want)) got.push(`bs ${bs}: ${JSON.stringify(rows)}`);
    }
    expect(got).toEqual([]);
  });

  it('a bad row is reported with its file and 1-based line (counting newlines inside quotes)', () => {
    const text = 'a,b\n"x\ny",1\n2,oops\n';
    const path = join(tmpRoot, 'bad.csv');
    writeFileSync(path, text);
    const schema = [{ name: 'a', dtype: 'string' as const }, { name: 'b', dtype: 'int64' as const }];
    let err: unknown = null;
    try {
      readPartition({ path, start: 4, end: text.length, dataStart: 4 }, scanOptions(schema, 10), () => {});
    } catch (e) { err = e; }
    expect(err).toBeInstanceOf(CsvError);
    expect((err as CsvError).line).toBe(4);
    expect((err as CsvError).column).toBe('b');
    expect((err as CsvError).value).toBe('oops');
    expect((err as CsvError).file).toBe(path);
  });

  it('onBatch returning false stops the read early', () => {
    const text = `v\n${Array.from({ length: 50 }, (_, i) => i).join('\n')}\n`;
    const path = join(tmpRoot, 'stop.csv');
    writeFileSync(path, text);
    const got: Row[] = [];
    const r = readPartition({ path, start: 2, end: text.length, dataStart: 2 }, scanOptions([{ name: 'v', dtype: 'int64' }], 4), (cols, n) => {
      got.push(...toRows(cols, n));
      return false;
    });
    expect(got).toEqual([{ v: 0 }, { v: 1 }, { v: 2 }, { v: 3 }]);
    expect(r.rows).toBe(4);
  });
});
