/**
 * A stable sort permutation over several key columns, by least-significant-digit radix sort.
 * Each key becomes one or two fields of unsigned bits whose order is the key's order, nulls
 * included, packed into 32-bit words (key-fields.ts); the permutation is refined by 16-bit
 * digits from the least significant word up: keys of 100 and 100 000 distinct values take 7 and
 * 17 bits, so six such keys sort in four passes (word-radix.ts): equal keys keep input order.
 * O(n) per pass, no comparator calls.
 */
import type { Column } from './column.js';
import { dictionaryRanks } from './dictionary-ranks.js';
import { keyFields, packedWords, type KeyField } from './key-fields.js';
import { wordsPermutation } from './word-radix.js';

export function radixSortPermutation(keys: readonly Column[], descending: readonly boolean[], nullsLast = true): Int32Array {
  const n = keys.length > 0 ? keys[0].length : 0;
  if (n < 2) return wordsPermutation([], n);
  const fields: KeyField[] = keys.flatMap((k, j) => keyFields([k], descending[j] ?? false, nullsLast, (cols) => {
    const { rank, card } = dictionaryRanks(cols[0].dict!);
    return { ranks: [rank], card };
  })!);
  // words from the least significant up
  return wordsPermutation(packedWords(fields, 0, n), n);
}
