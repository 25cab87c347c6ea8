/**
 * What a command's paths hold, by file extension (any case): CSV (.csv .tsv, and gzip- or
 * zstd-compressed .csv.gz .tsv.gz .csv.zst .tsv.zst), Parquet (.parquet .pq), Arrow IPC (.arrow .ipc .feather) or JSON lines
 * (.jsonl .ndjson, and .gz / .zst of them). A directory means all its files of the one recognised kind it holds (its
 * .tsv files only when it has no .csv, as readCsv reads a folder; a
 * directory holding two kinds is a usage error that names them); a file or glob of another
 * extension is read as CSV, as before, but a .json file as JSON lines (jsonKind). Inputs of
 * different kinds in one command are refused.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { listFiles } from 'floe/core';
import { firstBytes, startsJson } from './stream-input.js';
import { UsageError } from './usage-error.js';

export type InputKind = 'csv' | 'parquet' | 'ipc' | 'ndjson';

const KINDS: { kind: InputKind; ext: RegExp; name: string; exts: string }[] = [
  { kind: 'csv', ext: /\.(csv|tsv)(\.gz|\.zst)?$/i, name: 'CSV', exts: '.csv, .tsv, .csv.gz, .csv.zst' },
  { kind: 'parquet', ext: /\.(parquet|pq)$/i, name: 'Parquet', exts: '.parquet' },
  { kind: 'ipc', ext: /\.(arrow|ipc|feather)$/i, name: 'Arrow IPC', exts: '.arrow, .ipc' },
  { kind: 'ndjson', ext: /\.(jsonl|ndjson)(\.gz|\.zst)?$/i, name: 'JSON lines', exts: '.jsonl, .ndjson, .jsonl.gz, .jsonl.zst' },
];

const CSV_PROPER = /\.csv(\.gz|\.zst)?$/i;

/** The kind a file name says, or null for an extension floe does not recognise. */
export function kindOf(path: string): InputKind | null {
  return KINDS.find((k) => k.ext.test(path))?.kind ?? null;
}

/** `Parquet (.parquet)` */
export function kindLabel(kind: InputKind): string {
  const k = KINDS.find((x) => x.kind === kind)!;
  return `${k.name} (${k.exts})`;
}

/** `Parquet` */
export function kindName(kind: InputKind): string {
  return KINDS.find((x) => x.kind === kind)!.name;
}

/** The files the paths name, and their one kind. */
export function resolveInputs(paths: readonly string[]): { kind: InputKind; files: string[] } {
  const files: string[] = [];
  const kinds = new Map<InputKind, string>(); // kind → the first path that had it
  for (const p of paths) {
    let dir = false;
    let present = false;
    try {
      dir = statSync(p).isDirectory();
      present = true;
    } catch { /* a glob or a missing file: listFiles says which */ }
    if (dir) {
      const found = new Map<InputKind, string[]>();
      for (const name of readdirSync(p).sort()) {
        // hidden files are skipped, as a glob and the library's directory listing skip them (macOS's ._a.csv is not CSV)
        if (name.startsWith('.')) continue;
        const full = resolve(join(p, name));
        if (!statSync(full).isFile()) continue;
        const kind = kindOf(name) ?? jsonKind(full);
        if (kind === null) continue;
        found.set(kind, [...(found.get(kind) ?? []), full]);
      }
      // a folder's .tsv files only when it has no .csv, as readCsv and floe sql read it (the CLI
      // read both: a sum over a folder differed from the library's and SQL's)
      const csv = found.get('csv');
      if (csv !== undefined && csv.some((f) => CSV_PROPER.test(f))) found.set('csv', csv.filter((f) => CSV_PROPER.test(f)));
      if (found.size === 0) throw new Error(`the directory ${p} holds no files floe reads (${KINDS.map((k) => kindLabel(k.kind)).join('; ')})`);
      if (found.size > 1) {
        const what = [...found].map(([k, fs]) => `${fs.length} ${kindLabel(k)}`).join(', ');
        throw new UsageError(`the directory ${p} holds files of several kinds (${what}); name the ones to read with a quoted glob, e.g. '${join(p, '*.csv')}'`);
      }
      const [[kind, list]] = [...found];
      if (!kinds.has(kind)) kinds.set(kind, p);
      files.push(...list);
      continue;
    }
    if (!present && EXPRESSION.test(p)) {
      // `--agg 'sum(c)' 'mean(a)'`: the second value became a path (commander takes one value an option)
      throw new UsageError(`${JSON.stringify(p)} is not a file: it looks like an expression given after an option's value; an option takes one value — list several in it ('sum(c),mean(a)') or repeat the option (--agg 'sum(c)' --agg 'mean(a)')`);
    }
    if (!present && paths.length > 1 && /^[A-Za-z_][\w-]*$/.test(p)) {
      // `floe unique data.csv city`: a column named where paths go
      throw new UsageError(`no such file or directory: ${p} (if ${p} is a column, it goes in an option, e.g. --by ${p})`);
    }
    for (const f of listFiles(p, { verb: 'readCsv', exts: null })) {
      const kind = kindOf(f) ?? jsonKind(f) ?? 'csv';
      if (!kinds.has(kind)) kinds.set(kind, f);
      files.push(f);
    }
  }
  if (kinds.size > 1) {
    const what = [...kinds].map(([k, first]) => `${kindLabel(k)} (${first})`).join(' and ');
    throw new UsageError(`the inputs are of different kinds: ${what}; one command reads one kind (convert the others first: floe convert IN... OUT.parquet)`);
  }
  return { kind: [...kinds.keys()][0] ?? 'csv', files: [...new Set(files)] };
}

/**
 * A `.json` file's kind by its first character: JSON lines when it opens an object (what most
 * `.json` exports of records are, and what floe writes), refused when it opens an array (one
 * document, not a line a record); null for any other name. Read as CSV, either counted its lines
 * as rows of a column named after the first record.
 */
export function jsonKind(path: string): InputKind | null {
  if (!/\.json$/i.test(path)) return null;
  let head: Buffer;
  try {
    head = firstBytes(path, 256);
  } catch { return null; } // unreadable: the reader says why
  const opens = startsJson(head);
  if (opens === '{' || head.toString('utf8').replace(/^\uFEFF/, '').trim() === '') return 'ndjson';
  if (opens === '[') throw new UsageError(`${path} holds one JSON array, not JSON lines (an object a line); floe reads JSON lines: convert it first, e.g. jq -c '.[]' ${path} > ${path.replace(/\.json$/i, '.jsonl')}`);
  throw new UsageError(`${path} ends in .json but does not start with a JSON object; floe reads JSON lines (.jsonl, an object a line) — or, if it is CSV text, name it .csv`);
}

/** A call such as sum(c) or year(Date) (a path seldom is one: a file named so exists, and is read). */
const EXPRESSION = /^[A-Za-z_][\w.]*\s*\(.*\)$/s;
