import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateGroupby, generateJoin, groupbyFileName, joinSizes, prettySci } from './gen-dbbench.js';

const dir = mkdtempSync(join(tmpdir(), 'gen-dbbench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readCsv(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'latin1').trimEnd().split('\n');
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}
const column = (t: { header: string[]; rows: string[][] }, name: string): string[] => t.rows.map((r) => r[t.header.indexOf(name)]);
const nulls = (xs: string[]): number => xs.filter((x) => x === '').length;

describe('groupby data (db-benchmark G1)', () => {
  const params = { rows: 2000, k: 10, nas: 5, seed: 108 };
  const path = generateGroupby(join(dir, 'g'), params);
  const t = readCsv(path);

  it('is named like db-benchmark and has its nine columns', () => {
    expect(groupbyFileName({ rows: 1e7, k: 100, nas: 5, seed: 1 })).toBe('G1_1e7_1e2_5_0.csv');
    expect(prettySci(250)).toBe('250');
    expect(t.header).toEqual(['id1', 'id2', 'id3', 'id4', 'id5', 'id6', 'v1', 'v2', 'v3']);
    expect(t.rows).toHaveLength(2000);
  });

  it('nulls exactly nas% of the rows in every column', () => {
    for (const name of t.header) expect(nulls(column(t, name))).toBe(100);
  });

  it('draws each column from its documented domain', () => {
    const ok = (name: string, test: (v: string) => boolean) => expect(column(t, name).filter((v) => v !== '').every(test)).toBe(true);
    ok('id1', (v) => /^id0(0[1-9]|10)$/.test(v));
    ok('id3', (v) => /^id\d{10}$/.test(v) && Number(v.slice(2)) >= 1 && Number(v.slice(2)) <= 200);
    ok('id4', (v) => Number(v) >= 1 && Number(v) <= 10);
    ok('id6', (v) => Number(v) >= 1 && Number(v) <= 200);
    ok('v1', (v) => /^[1-5]$/.test(v));
    ok('v2', (v) => Number(v) >= 1 && Number(v) <= 15 && Number.isInteger(Number(v)));
    ok('v3', (v) => /^\d{1,2}\.\d{6}$/.test(v));
  });

  it('is deterministic for a seed and differs for another', () => {
    const again = generateGroupby(join(dir, 'g2'), params);
    const other = generateGroupby(join(dir, 'g3'), { ...params, seed: 7 });
    expect(readFileSync(again, 'latin1')).toBe(readFileSync(path, 'latin1'));
    expect(readFileSync(other, 'latin1')).not.toBe(readFileSync(path, 'latin1'));
  });
});

describe('join data (db-benchmark J1)', () => {
  const rows = 2000;
  const paths = generateJoin(join(dir, 'j'), { rows, nas: 5, seed: 108 });
  const x = readCsv(paths.x), small = readCsv(paths.small), medium = readCsv(paths.medium), big = readCsv(paths.big);

  it('has db-benchmark\'s tables and columns; small and medium are floored at 10 rows below N = 1e7', () => {
    expect(joinSizes(1e7)).toEqual({ x: 1e7, small: 10, medium: 10_000, big: 1e7 });
    expect(x.header).toEqual(['id1', 'id2', 'id3', 'id4', 'id5', 'id6', 'v1']);
    expect(small.header).toEqual(['id1', 'id4', 'v2']);
    expect(medium.header).toEqual(['id1', 'id2', 'id4', 'id5', 'v2']);
    expect(big.header).toEqual(['id1', 'id2', 'id3', 'id4', 'id5', 'id6', 'v2']);
    expect([x.rows.length, small.rows.length, medium.rows.length, big.rows.length]).toEqual([2000, 10, 10, 2000]);
  });

  it('makes the right tables\' join keys unique (a permutation of their keys)', () => {
    for (const [t, key] of [[small, 'id1'], [medium, 'id2'], [big, 'id3']] as const) expect(new Set(column(t, key)).size).toBe(t.rows.length);
  });

  it('shares 90% of the keys between x and the right tables (each side has 10% of its own)', () => {
    const xKeys = new Set(column(x, 'id3').filter((v) => v !== ''));
    const bigKeys = new Set(column(big, 'id3'));
    const all = new Set([...column(x, 'id3'), ...bigKeys].filter((v) => v !== ''));
    expect(Math.max(...[...all].map(Number))).toBeLessThanOrEqual(2200);
    const nulled = nulls(column(x, 'id3'));
    expect(nulled).toBe(100); // 5% of x's 2000 distinct id3 values, each in exactly one row
    expect([...xKeys].filter((k) => bigKeys.has(k)).length).toBeGreaterThanOrEqual(1800 - nulled);
    expect([...bigKeys].filter((k) => !xKeys.has(k)).length).toBeGreaterThanOrEqual(200);
  });

  it('nulls whole key values in x (and the string key with them), and exactly 5% of v1', () => {
    const id2 = column(x, 'id2'), id5 = column(x, 'id5');
    expect(id2.every((v, i) => (v === '') === (id5[i] === ''))).toBe(true);
    expect(id5.every((v, i) => v === '' || v === `id${id2[i]}`)).toBe(true);
    expect(nulls(column(x, 'v1'))).toBe(100);
    const nulledId2Values = new Set(column(x, 'id2').filter((v) => v !== '')).size;
    expect(nulledId2Values).toBe(10 - Math.floor(10 * 0.05)); // 10 distinct values, ⌊0.5⌋ = 0 nulled
    for (const t of [small, medium, big]) for (const name of t.header) expect(nulls(column(t, name))).toBe(0);
  });
});
