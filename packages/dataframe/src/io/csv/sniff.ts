/**
 * Guesses the delimiter from the first lines of a file: the candidate (`,` `;` tab `|`) that
 * splits the lines, outside quotes, into the same number (> 1) of fields most consistently.
 */
import { LF, QUOTE } from './dialect.js';

const CANDIDATES = [0x2c, 0x3b, 0x09, 0x7c];

export function sniffDelimiter(sample: Uint8Array): number {
  let best = 0x2c;
  let bestScore = -1;
  for (const d of CANDIDATES) {
    const counts: number[] = [];
    let inQ = false;
    let n = 0;
    for (let i = 0; i < sample.length && counts.length < 50; i++) {
      const c = sample[i];
      if (c === QUOTE) inQ = !inQ;
      else if (!inQ && c === d) n++;
      else if (!inQ && c === LF) { counts.push(n); n = 0; }
    }
    if (counts.length === 0) counts.push(n);
    const first = counts[0];
    if (first === 0) continue;
    const consistent = counts.filter((x) => x === first).length / counts.length;
    const score = consistent * 1000 + first;
    if (score > bestScore) { bestScore = score; best = d; }
  }
  return best;
}
