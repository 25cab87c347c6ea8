/**
 * The passes of a least-significant-digit radix sort over unsigned 32-bit words: a stable
 * permutation of n rows by `words` (the least significant first, each with how many of its low
 * bits vary), refined by 16-bit digits. Every pass is a stable counting sort, so equal rows keep
 * input order; a pass whose digit is the same for every row is skipped. Used by the sort of key
 * columns (radix-sort.ts) and the string order of a dictionary (dictionary-ranks.ts).
 */
export function wordsPermutation(words: readonly { word: Uint32Array; bits: number }[], n: number): Int32Array {
  let perm: Int32Array = identity(n);
  if (n < 2) return perm;
  let tmp: Int32Array = new Int32Array(n);
  const counts = new Int32Array(65536);
  // each row's digit, in the permutation's order: the row's word is read at random once a pass,
  // not twice (the count and the move; a 700 k-row run of db-benchmark q10's six keys 60 → 37 ms)
  const digits = new Uint16Array(n);
  for (const { word, bits } of words) {
    for (let shift = 0; shift < bits; shift += 16) {
      if (!countingPass(word, shift, perm, tmp, counts, digits, n)) continue;
      const t = perm; perm = tmp; tmp = t;
    }
  }
  return perm;
}

/**
 * One stable counting pass by the 16-bit digit of `word` at `shift`: `perm` reordered into `tmp`;
 * false (nothing written) when every row has the same digit. Each loop a function of the module,
 * with nothing after it: as one body (a closure made for each sort, before), V8 compiled a loop
 * on the stack during a long first call, kept that code, and every later call entered it and
 * stopped at the next loop, which had had no feedback yet (PROFILE.md, "code after a long loop").
 */
function countingPass(word: Uint32Array, shift: number, perm: Int32Array, tmp: Int32Array, counts: Int32Array, digits: Uint16Array, n: number): boolean {
  countDigits(word, shift, perm, digits, counts, n);
  if (oneDigit(counts, n)) return false;
  prefixSums(counts);
  scatter(perm, tmp, counts, digits, n);
  return true;
}

function identity(n: number): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  return perm;
}

function countDigits(word: Uint32Array, shift: number, perm: Int32Array, digits: Uint16Array, counts: Int32Array, n: number): void {
  counts.fill(0);
  for (let i = 0; i < n; i++) { const d = (word[perm[i]] >>> shift) & 0xffff; digits[i] = d; counts[d]++; }
}

function oneDigit(counts: Int32Array, n: number): boolean {
  for (let d = 0; d < 65536; d++) if (counts[d] === n) return true;
  return false;
}

function prefixSums(counts: Int32Array): void {
  let sum = 0;
  for (let d = 0; d < 65536; d++) { const c = counts[d]; counts[d] = sum; sum += c; }
}

function scatter(perm: Int32Array, tmp: Int32Array, counts: Int32Array, digits: Uint16Array, n: number): void {
  for (let i = 0; i < n; i++) tmp[counts[digits[i]]++] = perm[i];
}
