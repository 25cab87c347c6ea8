/**
 * The CSV encoder's number writers do not bail out of the compiled row loop when a column's
 * values grow past the digits its first batches had, or a buffer first fills. ByteBuffer's int
 * and decimal are inlined into the row loop; a branch first met after that compile (a 5- to
 * 8-digit number, a larger decimal, the first flush) had no type feedback, and the loop bailed
 * out and was compiled again — db-benchmark q5's answer 7 times a run. The module now runs those
 * branches when it loads (csv-encoder.ts). Here batches whose sums grow from 1 to 13 digits are
 * encoded in a child process under `--trace-deopt` (compiling in the thread, as the pool's threads do:
 * with V8's background compiles, when the code arrives varies with the machine's load), and the
 * text must be String(v)'s (a float's whole number with its '.0').
 * Runs the built package, as kernels/long-loops.test.ts does.
 */
import { describe, expect, test } from 'vitest';
import { dist, tracedChild } from '../../testing/traced-child.js';

const script = `
  import { csvLines } from ${dist('io/csv/csv-encoder.js')};
  const n = 20_000;
  let seed = 3;
  const rnd = () => { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  let mismatches = 0;
  for (let b = 0; b < 13; b++) {
    // batch b: integers of up to b + 1 digits, some negative; decimals of 1 to 3 places, larger each batch
    const ints = Float64Array.from({ length: n }, () => Math.floor(rnd() * 10 ** (b + 1)) * (rnd() < 0.1 ? -1 : 1));
    const decs = Float64Array.from({ length: n }, (_, i) => Math.round(rnd() * 10 ** (b + 1 + (i % 3))) / 10 ** (1 + (i % 3)));
    const { bytes, ends } = csvLines([{ dtype: 'int64', length: n, values: ints, valid: null }, { dtype: 'float64', length: n, values: decs, valid: null }], n, ',', 4096);
    const text = Buffer.from(bytes).toString('latin1');
    for (let i = 0; i < n; i += 97) {
      const line = text.slice(i === 0 ? 0 : ends[i - 1], ends[i]);
      // a float64 column's whole numbers keep their '.0'
      const dec = Number.isInteger(decs[i]) ? String(decs[i]) + '.0' : String(decs[i]);
      if (line !== String(ints[i]) + ',' + dec + '\\n') mismatches++;
    }
  }
  console.log(JSON.stringify({ mismatches }));
`;

// batches of ids from one dictionary of 100 k entries (a sorted range's key dictionary, shared by
// its batches): its entries are encoded once and kept (encoded-entries.ts), their slots reserved
// when the dictionary is first kept
const sharedDictionary = `
  import { csvLines } from ${dist('io/csv/csv-encoder.js')};
  const ids = Array.from({ length: 100_000 }, (_, i) => 'id' + String(i + 1).padStart(10, '0'));
  let mismatches = 0;
  for (let b = 0; b < 6; b++) {
    const n = 50_000;
    const codes = Int32Array.from({ length: n }, (_, i) => (i * 7919 + b * 104729) % ids.length);
    const { bytes, ends } = csvLines([{ dtype: 'string', length: n, values: codes, dict: ids, valid: null }], n, ',', 1 << 16);
    const text = Buffer.from(bytes).toString('latin1');
    for (let i = 0; i < n; i += 97) if (text.slice(i === 0 ? 0 : ends[i - 1], ends[i]) !== ids[codes[i]] + '\\n') mismatches++;
  }
  console.log(JSON.stringify({ mismatches }));
`;

/** The child's answer and its bail-outs ("function: reason"). */
function traced(source: string): { mismatches: number; bailouts: string[] } {
  const { result, bailouts } = tracedChild<{ mismatches: number }>(source);
  return { mismatches: result.mismatches, bailouts: bailouts.map((b) => `${b.fn}: ${b.reason}`) };
}

describe('the CSV encoder', () => {
  test('writes growing numbers without bailing out of its compiled row loop', () => {
    const { mismatches, bailouts } = traced(script);
    expect(mismatches).toBe(0);
    // a bail-out of the row loop (an anonymous generated function) or of a writer, at a number's or the buffer's branch
    expect(bailouts.filter((b) => /^(\(sfi|write|int|decimal|digitsBefore|digitCount|room|flush|text):/.test(b))).toEqual([]);
  }, 240_000);

  test("keeps a shared dictionary's encoded entries without bailing out of the code that reserves their slots", () => {
    const { mismatches, bailouts } = traced(sharedDictionary);
    expect(mismatches).toBe(0);
    // reserve's fill of 100 k slots ran long enough to be compiled on the stack, and the code after it had no feedback
    expect(bailouts.filter((b) => /^(reserve|markUnset|stageRows|stageSlots|encodedEntries):/.test(b))).toEqual([]);
  }, 240_000);
});
