/**
 * Expands what the user passed to readCsv — file paths, directories (their *.csv, *.csv.gz and *.csv.zst
 * files, the extension in any case: a.CSV too; a directory without any: its *.tsv files — never
 * both, whose delimiters differ) and glob patterns (matched as written, like a shell) — into a
 * sorted, de-duplicated list of files. Fails with the pattern that matched nothing.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { globSync, isDynamicPattern } from 'tinyglobby';

/** What the readers take: paths or globs, and file: URLs (`new URL('./data.csv', import.meta.url)`), alone or in a list. */
export type Paths = string | URL | readonly (string | URL)[];

/**
 * `kind`: the calling verb and the extensions a directory is searched for (default readCsv's;
 * null: every file), and those searched for where none of them is there.
 */
export function listFiles(inputs: Paths, kind: { verb: string; exts: readonly string[] | null; orElse?: readonly string[] } = { verb: 'readCsv', exts: ['csv', 'csv.gz', 'csv.zst'], orElse: ['tsv', 'tsv.gz', 'tsv.zst'] }): string[] {
  const { verb, exts, orElse } = kind;
  const patternOf = (xs: readonly string[] | null): string => (xs === null ? '*' : xs.length === 1 ? `*.${xs[0]}` : `*.{${xs.join(',')}}`);
  const pattern = patternOf(exts);
  // a file: URL (new URL('./data.csv', import.meta.url)) names a path, as it does for node:fs
  const given = fileUrlPaths(inputs, verb) as string | readonly string[];
  if (typeof given !== 'string' && !Array.isArray(given)) {
    // a Buffer, a stream, an options object, undefined: named, not "not iterable" or "invalid path 100"
    const hint = given instanceof Uint8Array ? ` (file contents: ${verb} reads files, so write them to a file first, or build rows with fromRows())` : '';
    throw new TypeError(`${verb} takes a path, a glob or a list of them (strings or file: URLs), got ${describeValue(given)}${hint}`);
  }
  const list = typeof given === 'string' ? [given] : [...given];
  if (list.length === 0) throw new Error(`${verb}: no paths given`);
  const out = new Set<string>();
  for (const [i, input] of list.entries()) {
    if (typeof input !== 'string') throw new TypeError(`${verb}: path ${i + 1} of the list is ${describeValue(input)}, not a string`);
    if (input === '') throw new Error(`${verb}: an empty path${list.length > 1 ? ` (path ${i + 1} of the list)` : ''}`);
    if (isDynamicPattern(input)) {
      const matches = globSync(input, { absolute: true, onlyFiles: true, expandDirectories: false }).sort();
      if (matches.length === 0) throw new Error(`${verb}: the pattern ${JSON.stringify(input)} matched no files`);
      for (const m of matches) out.add(m);
      continue;
    }
    let st;
    try {
      st = statSync(input);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new Error(`${verb}: no such file or directory: ${input}`);
      throw new Error(`${verb}: cannot access ${input}: ${code ?? (err as Error).message}`);
    }
    if (st.isDirectory()) {
      const search = (p: string): string[] => globSync(p, { cwd: input, absolute: true, onlyFiles: true, caseSensitiveMatch: false }).sort();
      let matches = search(pattern);
      if (matches.length === 0 && orElse) matches = search(patternOf(orElse));
      if (matches.length === 0) throw new Error(`${verb}: the directory ${input} contains no ${exts === null ? '' : `${orList([...exts, ...(orElse ?? [])].map((e) => `.${e}`))} `}files`);
      for (const m of matches) out.add(m);
    } else {
      out.add(resolve(input));
    }
  }
  return [...out];
}

/** `inputs` with each file: URL as its path; another URL (https:, s3:) is refused, naming it. */
function fileUrlPaths(inputs: unknown, verb: string): unknown {
  const path = (x: unknown): unknown => (x instanceof URL ? localPath(x, verb, 'reads') : x);
  return Array.isArray(inputs) ? inputs.map(path) : path(inputs);
}

/** The path a file: URL names (a string stays as it is); another URL is refused, naming it. */
export function localPath(x: string | URL, verb: string, does: 'reads' | 'writes'): string {
  // a folder to write into: a JS caller's missing or wrong argument got Node's '"paths[0]" argument must be of type string'
  if (does === 'writes' && !(x instanceof URL) && (typeof x !== 'string' || x === '')) {
    throw new TypeError(`${verb}(dir) takes the folder to write its part files into, as a path or a file: URL; got ${x === '' ? 'an empty string' : describeValue(x)}`);
  }
  if (!(x instanceof URL)) return x;
  if (x.protocol !== 'file:') throw new TypeError(`${verb} ${does} local files; got the URL ${x.href}${does === 'reads' ? ' (download it first, or pass a path)' : ''}`);
  return fileURLToPath(x);
}

/** `a`, `a or b`, `a, b or c`. */
function orList(xs: readonly string[]): string {
  return xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Buffer.isBuffer(v)) return `a Buffer of ${v.length} bytes`;
  if (typeof v === 'object') return `an object (${v.constructor?.name ?? 'Object'})`;
  return `${typeof v} ${JSON.stringify(v)}`;
}
