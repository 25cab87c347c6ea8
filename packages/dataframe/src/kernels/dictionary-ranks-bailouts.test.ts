/**
 * Ranking a large dictionary that grows between sort runs (a worker's scan dictionary of
 * db-benchmark q10's 100 k ids, ranked for each run it cuts) does not bail out of the ranking's
 * compiled code. Its loops ran long enough on a first call for V8 to compile them on the stack,
 * and the code after each loop — the merge's tail copies, the order kept, the radix words'
 * result — had no feedback yet: 9 bail-outs of dictionaryRanks and 4 of mergeOrders in one q10
 * run. Run in a child process under `--trace-deopt`, compiling in the thread as the pool's
 * threads do, against the built package (as csv-encoder-warm.test.ts).
 */
import { describe, expect, test } from 'vitest';
import { dist, tracedChild } from '../testing/traced-child.js';

const script = `
  import { dictionaryRanks } from ${dist('kernels/dictionary-ranks.js')};
  // ids in a scan's first-seen order (not sorted), 40 k to start, 12 k more before each ranking
  const ids = Array.from({ length: 112_000 }, (_, i) => 'id' + String((i * 7919) % 112_000).padStart(10, '0'));
  const dict = ids.slice(0, 40_000);
  let wrong = 0;
  for (let run = 0; run < 7; run++) {
    if (run > 0) for (let k = 0; k < 12_000; k++) dict.push(ids[dict.length]);
    const { rank, card } = dictionaryRanks(dict);
    if (card !== dict.length) wrong++;
    for (let j = 1; j < dict.length; j += 101) if ((dict[j - 1] < dict[j]) !== (rank[j - 1] < rank[j])) wrong++;
  }
  console.log(JSON.stringify({ wrong }));
`;

describe('dictionaryRanks of a growing dictionary', () => {
  test('ranks it right without bailing out of its compiled loops', () => {
    const { result, bailouts: traced } = tracedChild<{ wrong: number }>(script);
    expect(result.wrong).toBe(0);
    const bailouts = traced.map((b) => `${b.fn}: ${b.reason}`);
    expect(bailouts.filter((b) => /^(dictionaryRanks|stringOrder|prefixWords|commonPrefix|packWords|shifted|mergeOrders|rankInOrder):/.test(b))).toEqual([]);
  }, 240_000);
});
