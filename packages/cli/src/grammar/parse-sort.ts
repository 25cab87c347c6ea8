/**
 * The sort keys of `--sort` / `floe sort --by`: a comma list of column names, each optionally
 * followed by `asc` or `desc` (`'total desc, country'`). A name with spaces or commas is
 * written in double quotes.
 */
import { UsageError } from '../usage-error.js';

export interface SortItem {
  name: string;
  descending: boolean;
}

export function parseSort(texts: readonly string[], flag: string): SortItem[] {
  const items: SortItem[] = [];
  for (const text of texts) {
    for (const raw of splitTop(text)) {
      const part = raw.trim();
      if (part === '') throw new UsageError(`${flag}: empty sort key in ${JSON.stringify(text)}`);
      const m = /^("(?:[^"]|"")+"|[^\s"]+)(?:\s+(asc|desc))?$/i.exec(part);
      if (!m) throw new UsageError(`${flag}: cannot read sort key ${JSON.stringify(part)}; write NAME, NAME asc or NAME desc (quote a name with spaces: "my col" desc)`);
      const name = m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1];
      items.push({ name, descending: (m[2] ?? '').toLowerCase() === 'desc' });
    }
  }
  return items;
}

function splitTop(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}
