import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { col, InlineExecutor, readCsv } from 'floe/core';
import { formatTable } from './format-table.js';
import { fromTable } from './result-set.js';
import { tableRows } from './table-parts.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-table-parts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const executor = new InlineExecutor();

// every type, and the values a CSV round trip could change: null and "" text, NaN, an int64
// past 2^53, microseconds, dates, quotes, line feeds, spaces at the ends, text that reads as a number
const p = join(dir, 'in.csv');
const line = (i: number): string => [
  i, i % 7 === 0 ? '' : i % 7 === 1 ? '""' : i % 7 === 2 ? '" padded "' : i % 7 === 3 ? '"two\nlines"' : i % 7 === 4 ? '"say ""hi"""' : `s${i}`,
  i % 5 === 0 ? 'NaN' : (i / 8).toString(), 9007199254740993n + BigInt(i), i % 2 === 0, `2021-03-04 05:06:07.${String(123456 + i).padStart(6, '0')}`, `2020-01-${String((i % 28) + 1).padStart(2, '0')}`, `"0${i}"`,
].join(',');
writeFileSync(p, `i,s,f,big,ok,t,d,txt\n${Array.from({ length: 2000 }, (_, i) => line(i)).join('\n')}\n`);
// q: computed NaN (0 / 0), Infinity and -Infinity among floats, which the parts hold as text
const frame = () => readCsv(p, { parseDates: ['t'], dtypes: { d: 'date', txt: 'string' }, blocksize: 64 * 1024 })
  .withColumns(col('i').mod(3).sub(1).div(col('i').mod(2)).alias('q'));

describe('a terminal table read from its CSV part files', () => {
  it('draws what the whole result draws, each value as it was, with few rows, many, and cut in parts', async () => {
    const whole = await frame().compute({ executor });
    const written = await frame().writeCsv(join(dir, 'parts'), { executor });
    expect(written.files.length).toBeGreaterThan(1);
    expect(written.partRows.reduce((n, r) => n + r, 0)).toBe(2000);
    for (const maxRows of [4, 7, 100, 5000]) {
      const { rs, total, head } = await tableRows(written.files, written.partRows, whole.schema, maxRows);
      expect([...formatTable(rs, { maxRows, held: { total, head } })].join('')).toBe([...formatTable(fromTable(whole), { maxRows })].join(''));
    }
  });

  it('of an empty result: the header alone', async () => {
    const none = () => frame().filter(col('i').lt(0));
    const whole = await none().compute({ executor });
    const written = await none().writeCsv(join(dir, 'none'), { executor });
    const { rs, total, head } = await tableRows(written.files, written.partRows, whole.schema);
    expect(total).toBe(0);
    expect([...formatTable(rs, { held: { total, head } })].join('')).toBe([...formatTable(fromTable(whole))].join(''));
  });
});
