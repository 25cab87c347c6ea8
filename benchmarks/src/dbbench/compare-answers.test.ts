import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareAnswers } from './compare-answers.js';

const dir = mkdtempSync(join(tmpdir(), 'compare-answers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function csv(text: string): string {
  const path = join(dir, `${n++}.csv`);
  writeFileSync(path, text);
  return path;
}

describe('compareAnswers', () => {
  it('agrees on the same rows in another order, with other column names', async () => {
    const r = await compareAnswers(csv('k,v\nid2,5\nid1,3\n,7\n'), csv('key,sum\nid1,3\n,7\nid2,5\n'));
    expect(r).toEqual({ agree: true, detail: '', rows: [3, 3] });
  });

  it('accepts floats within a relative 1e-9 and an integral float against an integer', async () => {
    const r = await compareAnswers(csv('k,m\n1,0.30000000000000004\n2,3\n3,1e-15\n'), csv('k,m\n1,0.3\n2,3.0\n3,0\n'));
    expect(r.agree).toBe(true);
  });

  it('rejects a float beyond the tolerance and names the row and column', async () => {
    const r = await compareAnswers(csv('k,m\n1,50.0000001\n2,1\n'), csv('k,m\n1,50\n2,1\n'));
    expect(r.agree).toBe(false);
    expect(r.detail).toBe('1 of 2 rows differ; first (sorted row 1, column m): floe (k=1, m=50.0000001) vs DuckDB (k=1, m=50)');
  });

  it('compares integers exactly and null only with null', async () => {
    expect((await compareAnswers(csv('k,s\na,3\n'), csv('k,s\na,4\n'))).agree).toBe(false);
    expect((await compareAnswers(csv('k,s\na,\nb,1.5\n'), csv('k,s\na,0\nb,1.5\n'))).agree).toBe(false);
  });

  it('reports different row and column counts', async () => {
    expect(await compareAnswers(csv('k\na\nb\n'), csv('k\na\n'))).toEqual({ agree: false, detail: '2 rows vs 1', rows: [2, 1] });
    expect((await compareAnswers(csv('k,v\na,1\n'), csv('k\na\n'))).detail).toBe('2 columns (k, v) vs 1 (k)');
  });
});
