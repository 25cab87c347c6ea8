/**
 * JSON lines → rows: one object per non-blank line. A line that is not a JSON object is an
 * error naming the file and line (or, with onBadLines 'skip'/'warn', dropped and counted).
 */
export class NdjsonError extends Error {
  override name = 'NdjsonError';
}

export interface ParsedLines {
  rows: Record<string, unknown>[];
  skipped: number;
  skippedLines: string[];
}

export function parseLines(text: string, path: string, firstLine: number, skipBad: boolean): ParsedLines {
  const rows: Record<string, unknown>[] = [];
  const skippedLines: string[] = [];
  let skipped = 0;
  let line = firstLine;
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const s = text.slice(at, end).trim();
    if (s.length > 0) {
      let v: unknown;
      let problem: string | null = null;
      try {
        v = JSON.parse(s);
        if (v === null || typeof v !== 'object' || Array.isArray(v)) problem = `is ${Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v}, not a JSON object`;
      } catch (err) {
        problem = `is not valid JSON (${(err as Error).message})`;
      }
      if (problem === null) rows.push(v as Record<string, unknown>);
      else if (skipBad) { skipped++; if (skippedLines.length < 5) skippedLines.push(`${path}:${line}`); }
      else throw new NdjsonError(`${path} line ${line}: the line ${problem}: ${JSON.stringify(s.slice(0, 80))}; fix it, or pass onBadLines: 'skip'`);
    }
    line++;
    at = end + 1;
  }
  return { rows, skipped, skippedLines };
}
