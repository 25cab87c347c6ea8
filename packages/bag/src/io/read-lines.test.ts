import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { lineNumberAt } from './locate-line.js';
import { readGzipLines } from './read-gzip-lines.js';
import { readRangeLines } from './read-lines.js';
import { planRanges } from './plan-ranges.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-bag-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Reads the file as ranges of `blocksize` bytes with a read block of `block` bytes, and concatenates the lines. */
function readAll(path: string, blocksize: number, block: number): string[] {
  const out: string[] = [];
  for (const r of planRanges([path], blocksize)) readRangeLines(path, r.start, r.end, (line) => out.push(line), block);
  return out;
}

const CASES: Record<string, { text: string; lines: string[] }> = {
  'trailing newline': { text: 'a\nbb\nccc\n', lines: ['a', 'bb', 'ccc'] },
  'no trailing newline': { text: 'a\nbb\nccc', lines: ['a', 'bb', 'ccc'] },
  'CRLF line ends': { text: 'a\r\nbb\r\n\r\nccc', lines: ['a', 'bb', '', 'ccc'] },
  'lone CR line ends (old Mac files), and mixed': { text: 'a\rbb\r\rc\r\nd\re\n\r', lines: ['a', 'bb', '', 'c', 'd', 'e', ''] },
  'empty lines kept': { text: '\n\nx\n\n', lines: ['', '', 'x', ''] },
  'byte-order mark dropped': { text: '\ufeffhead\nrow\n', lines: ['head', 'row'] },
  'multi-byte characters': { text: 'żółć\n日本語テキスト\n🙂🙂\n', lines: ['żółć', '日本語テキスト', '🙂🙂'] },
  'one long line': { text: `${'x'.repeat(300)}\nshort\n`, lines: ['x'.repeat(300), 'short'] },
};

describe('byte-range lines', () => {
  for (const [name, c] of Object.entries(CASES)) {
    test(`${name}: every line exactly once, whatever the range and block sizes`, () => {
      const path = file(`${name.replace(/\W/g, '_')}.txt`, c.text);
      for (const blocksize of [1, 2, 3, 5, 7, 64, 1 << 20]) {
        for (const block of [4, 5, 16, 1 << 16]) expect(readAll(path, blocksize, block), `blocksize ${blocksize}, block ${block}`).toEqual(c.lines);
      }
    });
  }

  test('an empty file is one empty range', () => {
    const path = file('empty.txt', '');
    expect(planRanges([path], 10)).toEqual([{ path, start: 0, end: 0, gzip: false }]);
    expect(readAll(path, 10, 16)).toEqual([]);
  });

  test('offsets locate lines: the line number counted from the file start', () => {
    const path = file('numbers.txt', 'one\ntwo\n\nfour\n');
    const offsets: number[] = [];
    readRangeLines(path, 0, 100, (_l, at) => offsets.push(at));
    expect(offsets).toEqual([0, 4, 8, 9]);
    expect(offsets.map((o) => lineNumberAt(path, o))).toEqual([1, 2, 3, 4]);
  });

  test('offsets and line numbers of lines ended by a lone CR', () => {
    const path = file('cr.txt', 'one\rtwo\r\n\rżó\rfive');
    const got: [string, number][] = [];
    readRangeLines(path, 0, 100, (l, at) => got.push([l, at]));
    expect(got).toEqual([['one', 0], ['two', 4], ['', 9], ['żó', 10], ['five', 15]]);
    expect(got.map(([, o]) => lineNumberAt(path, o))).toEqual([1, 2, 3, 4, 5]);
  });

  test('a .gz file is one range, whatever its size', () => {
    const path = file('big.txt.gz', gzipSync('x\n'.repeat(1000)));
    expect(planRanges([path], 10)).toHaveLength(1);
    expect(planRanges([path], 10)[0].gzip).toBe(true);
  });
});

describe('gzip lines', () => {
  test('streams the decompressed lines, numbered', async () => {
    const path = file('a.txt.gz', gzipSync('\ufeffa\r\nbb\n\nlast\rafter CR'));
    const got: [string, number][] = [];
    await readGzipLines(path, (line, n) => got.push([line, n]));
    expect(got).toEqual([['a', 1], ['bb', 2], ['', 3], ['last', 4], ['after CR', 5]]);
  });

  test('a file that is not gzip fails naming it', async () => {
    const path = file('fake.gz', 'plain text\n');
    await expect(readGzipLines(path, () => {})).rejects.toThrow(`${path}: not a valid gzip file`);
  });
});
