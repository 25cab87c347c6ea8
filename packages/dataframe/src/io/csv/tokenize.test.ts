/**
 * Specification tests of the general tokenizer (tokenizeRows): hand-written RFC 4180 edge
 * cases with exact expectations, and seeded random documents checked against csv-parse and
 * against the generator's intended fields, whole and cut at every byte (the incremental
 * contract: a row cut by the buffer's end is left for the next call).
 */
import { describe, expect, it } from 'vitest';
import { CsvError } from './csv-error.js';
import { hasBom, scanQuoted, tokenizeRows } from './tokenize.js';
import { RFC4180_BYTES, dialectBytes, DEFAULT_DIALECT, type CsvDialect } from './dialect.js';
import { generateDocument } from '../../testing/random-csv.js';
import { parseRecords } from '../../testing/oracle.js';
import { parse as csvParse } from 'csv-parse/sync';

const enc = new TextEncoder();
const COMMA = 0x2c;

interface Tok {
  fields: string[][];
  quoted: boolean[][];
  starts: number[];
  next: number;
}

function tok(text: string | Uint8Array, delimiter = COMMA, eof = true, maxRows = Infinity, from?: number, to?: number): Tok {
  const buf = typeof text === 'string' ? enc.encode(text) : text;
  const start = from ?? (hasBom(buf) ? 3 : 0);
  const r = tokenizeRows(buf, start, to ?? buf.length, delimiter, { eof, maxRows });
  return { fields: r.rows.map((x) => x.fields), quoted: r.rows.map((x) => x.quoted), starts: r.rows.map((x) => x.start), next: r.next };
}

interface EdgeCase {
  name: string;
  text: string;
  rows: string[][];
  quoted?: boolean[][];
  delimiter?: string;
}

const EDGE_CASES: EdgeCase[] = [
  { name: 'plain LF rows', text: 'a,b\n1,2\n', rows: [['a', 'b'], ['1', '2']] },
  { name: 'escaped quotes', text: '"say ""hi""",x\n', rows: [['say "hi"', 'x']], quoted: [[true, false]] },
  { name: 'only an escaped quote', text: '"""",""""""\n', rows: [['"', '""']], quoted: [[true, true]] },
  { name: 'delimiter inside quotes', text: '"a,b",c\n', rows: [['a,b', 'c']] },
  { name: 'LF inside quotes', text: '"line1\nline2",z\n', rows: [['line1\nline2', 'z']] },
  { name: 'CRLF inside quotes is kept verbatim', text: '"a\r\nb",c\r\n', rows: [['a\r\nb', 'c']] },
  { name: 'CRLF rows', text: 'a,b\r\n1,2\r\n', rows: [['a', 'b'], ['1', '2']] },
  { name: 'mixed LF and CRLF rows', text: 'a,b\r\n1,2\n3,4\r\n', rows: [['a', 'b'], ['1', '2'], ['3', '4']] },
  { name: 'UTF-8 BOM is skipped (start after it)', text: '\ufeffa,b\n1,2\n', rows: [['a', 'b'], ['1', '2']] },
  { name: 'empty fields, unquoted and quoted', text: ',,\n,"",\n', rows: [['', '', ''], ['', '', '']], quoted: [[false, false, false], [false, true, false]] },
  { name: 'no newline at EOF', text: 'a,b\n1,2', rows: [['a', 'b'], ['1', '2']] },
  { name: 'no newline at EOF after a quoted field', text: 'a\n"x,y"', rows: [['a'], ['x,y']], quoted: [[false], [true]] },
  { name: 'empty quoted field at EOF', text: 'a,""', rows: [['a', '']], quoted: [[false, true]] },
  { name: 'trailing delimiter then EOF', text: 'a,', rows: [['a', '']] },
  { name: 'blank lines (LF and CRLF) are skipped', text: '\na,b\n\n1,2\n\r\n\n3,4\n\n', rows: [['a', 'b'], ['1', '2'], ['3', '4']] },
  { name: 'a quoted empty field alone is a row, not a blank line', text: 'a\n""\nb\n', rows: [['a'], [''], ['b']], quoted: [[false], [true], [false]] },
  { name: 'unicode', text: 'é,日本\n"ü,Ω",x\n', rows: [['é', '日本'], ['ü,Ω', 'x']] },
  { name: 'spaces are kept', text: ' a , b \n', rows: [[' a ', ' b ']] },
  { name: 'null spellings are plain fields to the tokenizer', text: 'NA,"NA",null\n', rows: [['NA', 'NA', 'null']], quoted: [[false, true, false]] },
  { name: 'tab delimiter', text: 'a\tb\n"x\ty"\tz\n', rows: [['a', 'b'], ['x\ty', 'z']], delimiter: '\t' },
  { name: 'semicolon delimiter (commas are data)', text: 'a;b\n1,5;2\n', rows: [['a', 'b'], ['1,5', '2']], delimiter: ';' },
  { name: 'pipe delimiter', text: 'a|b\n"|"|x\n', rows: [['a', 'b'], ['|', 'x']], delimiter: '|' },
  { name: 'quoted field with newline at the very end, no EOL', text: 'a,b\n1,"x\ny"', rows: [['a', 'b'], ['1', 'x\ny']] },
];

describe('tokenizeRows: hand-written edge cases', () => {
  it.each(EDGE_CASES)('$name', (c) => {
    const d = (c.delimiter ?? ',').charCodeAt(0);
    const t = tok(c.text, d);
    expect(t.fields).toEqual(c.rows);
    if (c.quoted) expect(t.quoted).toEqual(c.quoted);
    expect(t.next).toBe(enc.encode(c.text).length);
    // csv-parse, the reference, agrees on every case that uses only LF/CRLF row ends
    expect(parseRecords(c.text, c.delimiter ?? ',').map((r) => r.map((f) => f.value))).toEqual(c.rows);
  });

  it('a lone CR also ends a row (old Mac line endings), also at EOF', () => {
    expect(tok('a,b\r1,2\r3,4').fields).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
    expect(tok('"a"\r').fields).toEqual([['a']]);
  });

  it('row starts are byte offsets of each row (after BOM and blank lines)', () => {
    const text = '\ufeffa,b\n\n"x\ny",2\r\n3,4';
    const buf = enc.encode(text);
    const t = tok(buf);
    expect(t.starts).toEqual([3, 8, 17]);
    expect(t.fields).toEqual([['a', 'b'], ['x\ny', '2'], ['3', '4']]);
  });

  it('maxRows stops after that many rows and returns where the next row starts', () => {
    const t = tok('h1,h2\n"a\nb",1\n2,3\n', COMMA, true, 1);
    expect(t.fields).toEqual([['h1', 'h2']]);
    expect(t.next).toBe(6);
    const u = tok('h1,h2\n"a\nb",1\n2,3\n', COMMA, true, 1, t.next);
    expect(u.fields).toEqual([['a\nb', '1']]);
    expect(u.next).toBe(14);
  });

  it('hasBom recognises only EF BB BF at the start', () => {
    expect(hasBom(enc.encode('\ufeffa'))).toBe(true);
    expect(hasBom(enc.encode('a\ufeff'))).toBe(false);
    expect(hasBom(new Uint8Array([0xef, 0xbb]))).toBe(false);
  });

  it('scanQuoted returns the index after the closing quote, -1 when the data ends first', () => {
    const b = enc.encode('"a""b",c');
    expect(scanQuoted(b, 0, b.length, true)).toBe(6);
    expect(scanQuoted(b, 0, 4, false)).toBe(-1); // cut inside ""
    expect(scanQuoted(b, 0, 3, false)).toBe(-1); // a quote at the end may be half of ""
    expect(scanQuoted(b, 0, 3, true)).toBe(3);
    expect(scanQuoted(enc.encode('"abc'), 0, 4, true)).toBe(-1);
  });
});

describe('tokenizeRows: malformed input', () => {
  it('an unterminated quoted field at EOF is a CsvError', () => {
    expect(() => tok('a,b\n"open,1\n')).toThrow(CsvError);
    expect(() => tok('a,b\n"open,1\n')).toThrow(/unterminated quoted field/);
  });

  it('without eof, an unterminated quoted field is an incomplete row (no error)', () => {
    const t = tok('a,b\n"open,1\n', COMMA, false);
    expect(t.fields).toEqual([['a', 'b']]);
    expect(t.next).toBe(4);
  });

  it('a quote inside an unquoted field is literal, or a CsvError with strictQuotes', () => {
    expect(tok('a,b\nx"y,37°36\'37.8"N\n').fields).toEqual([['a', 'b'], ['x"y', '37°36\'37.8"N']]);
    const strict = { ...RFC4180_BYTES, strictQuotes: true };
    expect(() => tokenizeRows(enc.encode('a,b\nx"y,1\n'), 0, 11, strict, { eof: true })).toThrow(/line 2: a quote inside an unquoted field \(value "x\\""\)/);
  });

  it('a character after a closing quote is a CsvError', () => {
    expect(() => tok('a,b\n"x"y,1\n')).toThrow(/after a closing quote/);
  });
});

const SEEDS = Array.from({ length: 150 }, (_, i) => 101 + i * 7);
const DELIMS = [',', ';', '\t', '|'];

describe('tokenizeRows vs csv-parse on seeded random documents', () => {
  it.each(SEEDS)('seed %i: same fields and quoting as intended and as csv-parse', (seed) => {
    const delimiter = DELIMS[seed % DELIMS.length];
    const doc = generateDocument(seed, { delimiter });
    const t = tok(doc.text, delimiter.charCodeAt(0));
    expect(t.fields).toEqual(doc.rows);
    expect(t.quoted).toEqual(doc.quoted);
    const ref = parseRecords(doc.text, delimiter);
    expect(t.fields).toEqual(ref.map((r) => r.map((f) => f.value)));
    expect(t.quoted).toEqual(ref.map((r) => r.map((f) => f.quoted)));
  });

  it.each(SEEDS.slice(0, 60))('seed %i: cut at every byte, the rows before the cut plus the rest equal the whole', (seed) => {
    const doc = generateDocument(seed, { maxRows: 6 });
    const buf = enc.encode(doc.text);
    const start = hasBom(buf) ? 3 : 0;
    const whole = tok(buf);
    const mismatches: string[] = [];
    for (let k = start; k <= buf.length; k++) {
      const head = tok(buf, COMMA, false, Infinity, start, k);
      const tail = tok(buf, COMMA, true, Infinity, head.next);
      const got = [...head.fields, ...tail.fields];
      if (head.next > k || head.starts.some((s) => s >= k)) mismatches.push(`cut ${k}: next ${head.next}`);
      if (JSON.stringify(got) !== JSON.stringify(whole.fields)) mismatches.push(`cut ${k}: ${JSON.stringify(got)}`);
      if (JSON.stringify([...head.starts, ...tail.starts]) !== JSON.stringify(whole.starts)) mismatches.push(`cut ${k}: starts differ`);
    }
    expect(whole.fields).toEqual(doc.rows);
    expect(mismatches).toEqual([]);
  });
});

describe('tokenizeRows with dialect options, against csv-parse configured the same way', () => {
  const parse = (text: string, o: Record<string, unknown>): string[][] => csvParse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, record_delimiter: ['\r\n', '\n', '\r'], ...o }) as string[][];
  const fields = (text: string, d: Partial<CsvDialect>): string[][] => {
    const buf = enc.encode(text);
    return tokenizeRows(buf, hasBom(buf) ? 3 : 0, buf.length, dialectBytes({ ...DEFAULT_DIALECT, ...d }), { eof: true }).rows.map((r) => r.fields);
  };
  const CASES: { name: string; text: string; dialect: Partial<CsvDialect>; csvParse: Record<string, unknown>; rows: string[][] }[] = [
    { name: 'backslash-escaped quotes (MySQL)', text: 'a,b\n"say \\"hi\\"",1\n"back\\\\slash",2\n', dialect: { escape: '\\' }, csvParse: { escape: '\\' }, rows: [['a', 'b'], ['say "hi"', '1'], ['back\\slash', '2']] },
    { name: 'single-quote quoting', text: "a,b\n'x,y',1\n'it''s',2\n", dialect: { quote: "'" }, csvParse: { quote: "'", escape: "'" }, rows: [['a', 'b'], ['x,y', '1'], ["it's", '2']] },
    { name: 'a two-character delimiter', text: 'a||b\n1||x|y\n"p||q"||2\n', dialect: { delimiter: '||' }, csvParse: { delimiter: '||' }, rows: [['a', 'b'], ['1', 'x|y'], ['p||q', '2']] },
    { name: 'a three-character delimiter', text: 'a~|~b\n1~|~2\n', dialect: { delimiter: '~|~' }, csvParse: { delimiter: '~|~' }, rows: [['a', 'b'], ['1', '2']] },
    { name: 'comment lines, also between rows and with quotes in them', text: '# made by x "v1\na,b\n# 2nd "\n1,2\n#\n3,4\n', dialect: { comment: '#' }, csvParse: { comment: '#' }, rows: [['a', 'b'], ['1', '2'], ['3', '4']] },
  ];
  it.each(CASES)('$name', ({ text, dialect, csvParse: o, rows }) => {
    expect(fields(text, dialect)).toEqual(rows);
    expect(parse(text, o)).toEqual(rows);
  });

  it('with a multi-character delimiter, a row cut inside the delimiter is left for the next call', () => {
    const buf = enc.encode('a||b\n1||2\n');
    const d = dialectBytes({ ...DEFAULT_DIALECT, delimiter: '||' });
    const head = tokenizeRows(buf, 0, 7, d, { eof: false });
    expect(head.rows.map((r) => r.fields)).toEqual([['a', 'b']]);
    expect(head.next).toBe(5);
  });

  it('stopAt stops before a row, blank or comment line that starts at or after it', () => {
    const buf = enc.encode('1,2\n# c\n3,4\n');
    const d = dialectBytes({ ...DEFAULT_DIALECT, comment: '#' });
    const r = tokenizeRows(buf, 0, buf.length, d, { eof: true, stopAt: 4 });
    expect(r.rows.map((x) => x.fields)).toEqual([['1', '2']]);
    expect(r.next).toBe(4);
    const past = tokenizeRows(buf, 0, buf.length, d, { eof: true, stopAt: 5 }); // the comment line starts before 5: it is passed
    expect(past.rows.map((x) => x.fields)).toEqual([['1', '2']]);
    expect(past.next).toBe(8);
  });
});
