import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeTempDir } from 'floe/core';
import { jsonArrayText, partsFolder, partsText } from './csv-parts.js';
import { formatJson } from './format-json.js';
import type { ResultSet } from './result-set.js';

describe('a CSV result read back from its part files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'floe-parts-text-'));
  const part = (name: string, text: string | Buffer): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('is the parts in order with one header, also a header whose quoted name holds a line feed', () => {
    const head = 'k,"two\nlines"\n';
    const files = [part('a.csv', `${head}a,1\n`), part('b.csv', head), part('c.csv', `${head}b,2\nc,3\n`)];
    expect([...partsText(files)].join('')).toBe(`${head}a,1\nb,2\nc,3\n`);
  });

  it('keeps every character whole where a 1 MB piece ends inside one (é across the boundary)', () => {
    const body = Buffer.concat([Buffer.from('k\n'), Buffer.alloc((1 << 20) - 3, 0x61), Buffer.from('é\nzz\n')]);
    const text = [...partsText([part('wide.csv', body)])].join('');
    expect(text.length).toBe(2 + (1 << 20) - 3 + 5);
    expect(text.endsWith('aé\nzz\n')).toBe(true);
  });

  it('gets a folder of its own beside a result file (or under FLOE_SPILL_DIR for stdout), and a clear error where it cannot', () => {
    const beside = partsFolder({ kind: 'file', path: join(dir, 'out.csv') });
    expect(beside.startsWith(join(dir, '.floe-tmp-'))).toBe(true);
    removeTempDir(beside);
    expect(existsSync(beside)).toBe(false);
    expect(() => partsFolder({ kind: 'file', path: join(dir, 'missing', 'out.csv') })).toThrow(`cannot write ${join(dir, 'missing', 'out.csv')}: `);
  });
});

describe('NDJSON parts read back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'floe-parts-json-'));
  const rs: ResultSet = { fields: [{ name: 'k', dtype: 'string' }, { name: 'v', dtype: 'int64' }], columns: [['a', 'two\nlines', 'a'], [1, 2, 1]], numRows: 3 };
  const rows = [...formatJson(rs)].join('').slice(2, -3).split(',\n').map((r) => `${r}\n`);

  it('as NDJSON: every part, no line taken for a header (a later part may start with the first row again)', () => {
    const files = [join(dir, 'a.ndjson'), join(dir, 'b.ndjson')];
    writeFileSync(files[0], rows[0] + rows[1]);
    writeFileSync(files[1], rows[2]);
    expect([...partsText(files, false)].join('')).toBe(rows.join(''));
  });

  it('as one JSON array: formatJson\'s text, wherever the pieces are cut', () => {
    const text = rows.join('');
    for (let cut = 0; cut <= text.length; cut++) {
      const pieces = [text.slice(0, cut), text.slice(cut)];
      expect([...jsonArrayText(pieces)].join('')).toBe([...formatJson(rs)].join(''));
    }
    expect([...jsonArrayText([])].join('')).toBe([...formatJson({ ...rs, columns: [[], []], numRows: 0 })].join(''));
  });
});
