/**
 * The benchmark inputs, generated once and cached under `.bench-data/` at the repository root
 * (gitignored): seed-shaped yearly files at each scale-series size, and the string-key dataset.
 * A folder counts as present only with its `.complete.json` marker matching the wanted
 * parameters; otherwise it is regenerated from scratch.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateSeedYear, seedRowCount } from '../../../scripts/gen-seed.js';
import type { DatasetKind } from '../queries.js';
import { generateStrings } from './gen-strings.js';

export interface Dataset {
  id: string;
  kind: DatasetKind;
  dir: string;
  files: string[];
  rows: number;
  bytes: number;
  /** The requested size (seed scale series), in GB = 10^9 bytes. */
  targetGB?: number;
  description: string;
}

/** Average bytes per seed row: 19-char timestamp, five ",N" or ",NN" (1.9 digits on average), newline. */
const SEED_BYTES_PER_ROW = 19 + 5 * 2.9 + 1;
const SEED_FIRST_YEAR = 2010;
const SEED_MIN_FILES = 4;
const STRINGS_FILES = 4;

interface Marker { params: string; rows: number }

export function cached(dir: string, params: string, generate: () => number, log: (msg: string) => void): Marker {
  const markerPath = join(dir, '.complete.json');
  if (existsSync(markerPath)) {
    const m = JSON.parse(readFileSync(markerPath, 'utf8')) as Marker;
    if (m.params === params) return m;
  }
  log(`generating ${dir} (${params}) …`);
  const t0 = performance.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const rows = generate();
  const marker: Marker = { params, rows };
  writeFileSync(markerPath, JSON.stringify(marker));
  log(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return marker;
}

function csvFiles(dir: string): { files: string[]; bytes: number } {
  const files = readdirSync(dir).filter((n) => n.endsWith('.csv')).sort().map((n) => join(dir, n));
  return { files, bytes: files.reduce((s, f) => s + statSync(f).size, 0) };
}

/** Seed-shaped data of about `gb` GB: ≥4 yearly files from 2010 on, each the first N seconds of its year. */
export function seedDataset(root: string, gb: number, log: (msg: string) => void): Dataset {
  const targetRows = Math.max(SEED_MIN_FILES, Math.round((gb * 1e9) / SEED_BYTES_PER_ROW));
  const nFiles = Math.max(SEED_MIN_FILES, Math.ceil(targetRows / seedRowCount(SEED_FIRST_YEAR)));
  const rowsPerFile = Math.ceil(targetRows / nFiles);
  const dir = join(root, `seed-${gb}gb`);
  const params = `seed v1: ${nFiles} files × ${rowsPerFile} rows`;
  const marker = cached(dir, params, () => {
    let rows = 0;
    for (let i = 0; i < nFiles; i++) rows += generateSeedYear(join(dir, `${SEED_FIRST_YEAR + i}.csv`), SEED_FIRST_YEAR + i, { rows: rowsPerFile }).rows;
    return rows;
  }, log);
  const { files, bytes } = csvFiles(dir);
  return {
    id: `seed-${gb}gb`, kind: 'seed', dir, files, rows: marker.rows, bytes, targetGB: gb,
    description: `${files.length} yearly files (${SEED_FIRST_YEAR}–${SEED_FIRST_YEAR + files.length - 1}), first ${rowsPerFile.toLocaleString('en-US')} seconds of each year; Date,X0..X4`,
  };
}

/** The string-key dataset with `rows` rows over 4 files. */
export function stringsDataset(root: string, rows: number, log: (msg: string) => void): Dataset {
  const dir = join(root, `strings-${rows}`);
  const params = `strings v1: ${STRINGS_FILES} files, ${rows} rows, seed 42`;
  const marker = cached(dir, params, () => {
    generateStrings(dir, rows, STRINGS_FILES, 42);
    return rows;
  }, log);
  const { files, bytes } = csvFiles(dir);
  return {
    id: `strings-${rows}`, kind: 'strings', dir, files, rows: marker.rows, bytes,
    description: `${files.length} files; id1 (~10 distinct), id2 (~100), id3 (~100k), v1 1..5, v2 1..15, v3 float (2 decimals)`,
  };
}
