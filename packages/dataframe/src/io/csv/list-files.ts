/**
 * Expands what the user passed to readCsv — file paths, directories (their *.csv files, the
 * extension in any case: a.CSV too) and glob patterns (matched as written, like a shell) —
 * into a sorted, de-duplicated list of files. Fails with the pattern that matched nothing.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';

export function listFiles(inputs: string | readonly string[]): string[] {
  const list = typeof inputs === 'string' ? [inputs] : [...inputs];
  if (list.length === 0) throw new Error('readCsv: no paths given');
  const out = new Set<string>();
  for (const input of list) {
    if (typeof input !== 'string' || input === '') throw new Error(`readCsv: invalid path ${JSON.stringify(input)}`);
    if (isDynamicPattern(input)) {
      const matches = globSync(input, { absolute: true, onlyFiles: true, expandDirectories: false }).sort();
      if (matches.length === 0) throw new Error(`readCsv: the pattern ${JSON.stringify(input)} matched no files`);
      for (const m of matches) out.add(m);
      continue;
    }
    let st;
    try {
      st = statSync(input);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new Error(`readCsv: no such file or directory: ${input}`);
      throw new Error(`readCsv: cannot access ${input}: ${code ?? (err as Error).message}`);
    }
    if (st.isDirectory()) {
      const matches = globSync('*.csv', { cwd: input, absolute: true, onlyFiles: true, caseSensitiveMatch: false }).sort();
      if (matches.length === 0) throw new Error(`readCsv: the directory ${input} contains no .csv files`);
      for (const m of matches) out.add(m);
    } else {
      out.add(resolve(input));
    }
  }
  return [...out];
}
