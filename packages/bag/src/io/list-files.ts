/**
 * Expands what the user passed to readText/readNdjson — file paths, directories (every file in
 * them) and glob patterns — into a sorted, de-duplicated list of files. Fails naming the
 * pattern or path that matched nothing, at the call that created the bag.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';

export function listFiles(inputs: string | readonly string[], caller: string): string[] {
  const list = typeof inputs === 'string' ? [inputs] : [...inputs];
  if (list.length === 0) throw new Error(`${caller}: no paths given`);
  const out = new Set<string>();
  for (const input of list) {
    if (typeof input !== 'string' || input === '') throw new Error(`${caller}: invalid path ${JSON.stringify(input)}`);
    if (isDynamicPattern(input)) {
      const matches = globSync(input, { absolute: true, onlyFiles: true, expandDirectories: false }).sort();
      if (matches.length === 0) throw new Error(`${caller}: the pattern ${JSON.stringify(input)} matched no files`);
      for (const m of matches) out.add(m);
      continue;
    }
    let st;
    try {
      st = statSync(input);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new Error(`${caller}: no such file or directory: ${input}`);
      throw new Error(`${caller}: cannot access ${input}: ${code ?? (err as Error).message}`);
    }
    if (st.isDirectory()) {
      const matches = globSync('*', { cwd: input, absolute: true, onlyFiles: true }).sort();
      if (matches.length === 0) throw new Error(`${caller}: the directory ${input} contains no files`);
      for (const m of matches) out.add(m);
    } else {
      out.add(resolve(input));
    }
  }
  return [...out];
}
