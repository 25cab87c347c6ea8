/**
 * Expands what the user passed to readCsv — file paths, directories (their *.csv, *.csv.gz and *.csv.zst
 * files, the extension in any case: a.CSV too; not *.tsv, whose delimiter differs) and glob patterns (matched as written, like a shell) —
 * into a sorted, de-duplicated list of files. Fails with the pattern that matched nothing.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';

/** `kind`: the calling verb and the extensions a directory is searched for (default readCsv's; null: every file). */
export function listFiles(inputs: string | readonly string[], kind: { verb: string; exts: readonly string[] | null } = { verb: 'readCsv', exts: ['csv', 'csv.gz', 'csv.zst'] }): string[] {
  const { verb, exts } = kind;
  const pattern = exts === null ? '*' : exts.length === 1 ? `*.${exts[0]}` : `*.{${exts.join(',')}}`;
  const list = typeof inputs === 'string' ? [inputs] : [...inputs];
  if (list.length === 0) throw new Error(`${verb}: no paths given`);
  const out = new Set<string>();
  for (const input of list) {
    if (typeof input !== 'string' || input === '') throw new Error(`${verb}: invalid path ${JSON.stringify(input)}`);
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
      const matches = globSync(pattern, { cwd: input, absolute: true, onlyFiles: true, caseSensitiveMatch: false }).sort();
      if (matches.length === 0) throw new Error(`${verb}: the directory ${input} contains no ${exts === null ? '' : `${orList(exts.map((e) => `.${e}`))} `}files`);
      for (const m of matches) out.add(m);
    } else {
      out.add(resolve(input));
    }
  }
  return [...out];
}

/** `a`, `a or b`, `a, b or c`. */
function orList(xs: readonly string[]): string {
  return xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;
}
