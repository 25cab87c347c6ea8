/**
 * gen-strings.ts — the string-key dataset (H2O db-benchmark groupby style), seeded and
 * deterministic: `id1,id2,id3,v1,v2,v3` with
 *   id1  ~10 distinct      id001 … id010
 *   id2  ~100 distinct     id001 … id100
 *   id3  ~100k distinct    id0000000001 … id0000100000 (H2O's id3 shape)
 *   v1   int 1..5, v2 int 1..15, v3 float 0.00..99.99 with two decimals
 * split over `files` files `part-N.csv` (each its own sfc32 stream, so a file's bytes depend only
 * on (seed, N, rows)). Written to a temp name and renamed on success.
 *
 * CLI:  node --import tsx src/data/gen-strings.ts --out DIR [--rows 10000000] [--files 4] [--seed 42]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { Sfc32, writeRows } from '../../../scripts/gen-seed.js';

export const STRINGS_HEADER = 'id1,id2,id3,v1,v2,v3';
const ID3_DISTINCT = 100_000;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const ID1 = Array.from({ length: 10 }, (_, i) => `id${pad(i + 1, 3)}`);
const ID2 = Array.from({ length: 100 }, (_, i) => `id${pad(i + 1, 3)}`);
const CENTS = Array.from({ length: 100 }, (_, i) => pad(i, 2));

/** Write `rows` rows of the dataset to `path` from stream `stream` of `seed`. Returns bytes written. */
export function generateStringsFile(path: string, rows: number, seed: number, stream: number): number {
  const rng = new Sfc32(seed, stream);
  return writeRows(path, STRINGS_HEADER, rows, () => {
    const id1 = ID1[rng.next() % 10];
    const id2 = ID2[rng.next() % 100];
    const id3 = 1 + (rng.next() % ID3_DISTINCT);
    const v1 = 1 + (rng.next() % 5);
    const v2 = 1 + (rng.next() % 15);
    const v3 = rng.next() % 10_000;
    return `${id1},${id2},id${pad(id3, 10)},${v1},${v2},${Math.floor(v3 / 100)}.${CENTS[v3 % 100]}\n`;
  });
}

/** The whole dataset: `rows` rows split evenly over `files` files in `dir`. Returns the file paths. */
export function generateStrings(dir: string, rows: number, files = 4, seed = 42): string[] {
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < files; i++) {
    const n = Math.floor(rows / files) + (i < rows % files ? 1 : 0);
    const path = join(dir, `part-${i}.csv`);
    generateStringsFile(path, n, seed, i);
    paths.push(path);
  }
  return paths;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, rows: { type: 'string', default: '10000000' }, files: { type: 'string', default: '4' }, seed: { type: 'string', default: '42' } },
  });
  if (!values.out) {
    process.stderr.write('usage: gen-strings --out DIR [--rows 10000000] [--files 4] [--seed 42]\n');
    process.exit(2);
  }
  const t0 = performance.now();
  const paths = generateStrings(values.out, Number(values.rows), Number(values.files), Number(values.seed));
  process.stderr.write(`${paths.length} files, ${values.rows} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${values.out}\n`);
}
