/**
 * Guesses what the user did not say: the delimiter from the first lines of a file (the candidate
 * `,` `;` tab `|` that splits the lines, outside quotes, into the same number (> 1) of fields
 * most consistently), and whether the first row is a header (header: 'auto').
 */
import { CR, LF, QUOTE } from './dialect.js';

const CANDIDATES = [0x2c, 0x3b, 0x09, 0x7c];

/** `exclude`: a byte that cannot be the delimiter (a decimal comma); comment lines are not counted. */
export function sniffDelimiter(sample: Uint8Array, quote = QUOTE, exclude = -1, comment: Uint8Array | null = null): number {
  let best = exclude === 0x2c ? 0x3b : 0x2c;
  let bestScore = -1;
  for (const d of CANDIDATES) {
    if (d === exclude) continue;
    const counts: number[] = [];
    let inQ = false;
    let n = 0;
    // blank lines are not counted (a blank line before the header made every candidate's first count 0)
    let blank = true;
    for (let i = 0; i < sample.length && counts.length < 50; i++) {
      const c = sample[i];
      if (comment !== null && !inQ && n === 0 && (i === 0 || sample[i - 1] === LF) && comment.every((b, k) => sample[i + k] === b)) {
        while (i < sample.length && sample[i] !== LF) i++;
        continue;
      }
      if (c !== LF && c !== CR) blank = false;
      if (c === quote) inQ = !inQ;
      else if (!inQ && c === d) n++;
      else if (!inQ && c === LF) {
        if (!blank) counts.push(n);
        n = 0;
        blank = true;
      }
    }
    if (counts.length === 0 || !blank) counts.push(n);
    // the count most lines share, not the first line's: a title or `# author` line over `a;b;c`
    // has none, and ruled `;` out (the file was read as one column)
    const common = mostCommonNonZero(counts);
    if (common === 0) continue;
    const consistent = counts.filter((x) => x === common).length / counts.length;
    // most lines must agree: a `;` in one value of a one-column file is not its delimiter
    if (consistent < 0.5) continue;
    const score = consistent * 1000 + common;
    if (score > bestScore) { bestScore = score; best = d; }
  }
  return best;
}

/** The most frequent count above 0 (the larger of equally frequent ones), or 0 when there is none. */
function mostCommonNonZero(counts: readonly number[]): number {
  const freq = new Map<number, number>();
  for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
  let best = 0;
  let bestFreq = 0;
  for (const [c, f] of freq) if (f > bestFreq || (f === bestFreq && c > best)) { best = c; bestFreq = f; }
  return best;
}

/** What the rest of a column looks like, for header detection. */
export interface ColumnShape {
  /** The type the rows after the first infer to ('string' when unknown). */
  dtype: string;
  /** Whether a value fits that type (nulls fit every type). */
  fits: (value: string) => boolean;
}

/**
 * Whether the first row is a header: it is, unless every column's later rows have a type other
 * than string for at least one column and the first row's values fit every column's type (a
 * first row of numbers over numeric columns is data). A file whose columns are all text keeps
 * its first row as the header, as DuckDB's sniffer does.
 */
export function sniffHeader(first: readonly string[], shapes: readonly ColumnShape[]): boolean {
  if (first.length !== shapes.length) return true;
  if (!shapes.some((s) => s.dtype !== 'string')) return true;
  return !first.every((v, i) => shapes[i].fits(v));
}
