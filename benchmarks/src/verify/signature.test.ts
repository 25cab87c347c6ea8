/** Answer agreement: integers must agree exactly, floats within a relative tolerance, and a run without a signature is never counted as agreeing. */
import { describe, expect, test } from 'vitest';
import type { RunRecord } from '../measure/run-once.js';
import { checkAgreement } from './agreement.js';
import { compareSignatures, groupedSignature } from './signature.js';

const keyText = (v: unknown): string => String(v);

describe('signatures', () => {
  test('an integer sum off by one near 2^53 is a disagreement (a 1e-9 tolerance would let it pass)', () => {
    const want = groupedSignature([1, 2], { s: [8 * 999_999_999_999_999, 5] }, keyText);
    const got = groupedSignature([1, 2], { s: [8 * 999_999_999_999_999 - 1, 5] }, keyText);
    expect(compareSignatures(want, got)).toMatch(/^column s: integers differ/);
    expect(compareSignatures(want, groupedSignature([1, 2], { s: [8 * 999_999_999_999_999, 5] }, keyText))).toBeNull();
  });

  test('integers beyond 2^53 given as bigints stay exact', () => {
    const big = 2n ** 60n + 1n;
    const want = groupedSignature(['a'], { s: [big] }, keyText);
    expect(compareSignatures(want, groupedSignature(['a'], { s: [big + 1n] }, keyText))).toMatch(/integers differ/);
    expect(compareSignatures(want, groupedSignature(['a'], { s: [big] }, keyText))).toBeNull();
  });

  test('floats agree within the relative tolerance, and a column that is integral for one engine only falls back to it', () => {
    const want = groupedSignature(['a', 'b'], { m: [0.1 + 0.2, 2] }, keyText);
    expect(compareSignatures(want, groupedSignature(['a', 'b'], { m: [0.3, 2] }, keyText))).toBeNull();
    expect(compareSignatures(want, groupedSignature(['a', 'b'], { m: [0.31, 2] }, keyText))).toMatch(/^column m: /);
    const integral = groupedSignature(['a'], { m: [3] }, keyText);
    expect(compareSignatures(integral, groupedSignature(['a'], { m: [3 + 1e-12] }, keyText))).toBeNull();
  });

  test('group keys and counts must match', () => {
    const want = groupedSignature(['a', 'b'], { n: [1, 2] }, keyText);
    expect(compareSignatures(want, groupedSignature(['a', 'c'], { n: [1, 2] }, keyText))).toMatch(/group keys differ/);
    expect(compareSignatures(want, groupedSignature(['a'], { n: [1] }, keyText))).toMatch(/rows\/groups 1 ≠ 2/);
  });
});

describe('checkAgreement', () => {
  const rec = (contender: string, s: number | null): RunRecord => ({
    query: 'q', dataset: 'd', bytes: 1, contender, run: 0, status: 'ok',
    ...(s === null ? {} : { signature: groupedSignature(['a'], { s: [s] }, keyText) }),
  });

  test('a successful run without a signature is a disagreement, not silently left out', () => {
    const { agreed, disagreements } = checkAgreement([rec('duckdb', 10), rec('floe', 10), rec('polars', null)]);
    expect(agreed.get('q @ d')).toEqual(['duckdb', 'floe']);
    expect(disagreements).toEqual([{ query: 'q', dataset: 'd', contender: 'polars', run: 0, agreeing: [], detail: 'no answer signature was recorded for this run' }]);
  });

  test('the largest cluster is the reference; the odd one out is named with the difference', () => {
    const { disagreements } = checkAgreement([rec('duckdb', 10), rec('floe', 10), rec('polars', 11)]);
    expect(disagreements.map((d) => [d.contender, d.agreeing])).toEqual([['polars', ['duckdb', 'floe']]]);
    // the key's integer weight k: 11k ≠ 10k
    const [, got, want] = /^column s: integers differ \(exact weighted sum (\d+) ≠ (\d+)\)$/.exec(disagreements[0].detail)!;
    expect(Number(got) / Number(want)).toBe(1.1);
  });
});
