import { describe, expect, it } from 'vitest';
import { valueAt, type Column } from '../kernels/column.js';
import { finalize } from '../kernels/aggregates.js';
import { markUnique } from '../kernels/unique-dictionary.js';
import { mergePartials } from './exchange-ops.js';
import { packPartial } from './packed-partial.js';
import type { AggCall, PartialAggregate } from './pipeline-spec.js';
import { aggregateSink } from './sinks/aggregate-sink.js';

const calls: AggCall[] = [{ fn: 'sum', arg: { kind: 'col', name: 'v' }, input: 'int64', ddof: 1 }];
const num = (xs: number[]): Column => ({ dtype: 'int64', length: xs.length, values: Float64Array.from(xs), valid: null });

/** One task's partial of rows (key dict[codes[i]] or null, value i). */
function partialOf(dict: string[], codes: (number | null)[]): PartialAggregate {
  const sink = aggregateSink({ kind: 'aggregate', keys: [{ kind: 'col', name: 'k' }], keyTypes: ['string'], calls, keepNullKeys: true }, 0);
  const k: Column = { dtype: 'string', length: codes.length, values: Int32Array.from(codes, (c) => c ?? 0), valid: Uint8Array.from(codes, (c) => (c === null ? 0 : 1)), dict: markUnique(dict) };
  sink.push({ length: codes.length, columns: new Map([['k', k], ['v', num(codes.map((_, i) => i))]]) });
  return sink.finish() as PartialAggregate;
}

/** Each group's key → its sum. */
function groups(p: PartialAggregate): Map<string | null, number> {
  const sums = finalize(p.states[0], calls[0], p.ngroups, 'v');
  const out = new Map<string | null, number>();
  for (let g = 0; g < p.ngroups; g++) out.set(valueAt(p.keys[0], g) as string | null, sums.values[g] as number);
  return out;
}

describe('packPartial', () => {
  // ids; text with multi-byte characters; lone surrogates (UTF-8 would turn both into U+FFFD, one key)
  const ids = Array.from({ length: 600 }, (_, i) => `id${String(i).padStart(6, '0')}`);
  const text = [...Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? `café ${i}` : `日本 ${i} 🎉`)), '\ud800', '\udc00', ''];

  it('merges to the groups the strings give, the keys crossing threads as bytes', () => {
    // two tasks' partials over overlapping keys, in different dictionaries, with null keys
    const a = partialOf([...ids, ...text], Array.from({ length: 2000 }, (_, i) => (i % 97 === 0 ? null : (i * 8) % 903)));
    const b = partialOf([...text, ...ids].reverse(), Array.from({ length: 1500 }, (_, i) => (i % 89 === 0 ? null : (i * 11) % 903)));
    const packed = [a, b].map((p) => structuredClone(packPartial(p)));
    expect(packed.every((p) => p.keys[0].dict === undefined && p.packed![0] !== null)).toBe(true);
    const args = { keyTypes: ['string' as const], calls, keepNullKeys: true };
    const want = groups(mergePartials(args, [structuredClone(a), structuredClone(b)]));
    const got = groups(mergePartials(args, packed));
    expect(got.size).toBe(want.size);
    expect(got.has('\ud800') && got.has('\udc00') && got.has(null)).toBe(true);
    expect([...got].sort()).toEqual([...want].sort());
  });

  it('merges a packed piece after one whose few keys travelled as strings, and the other way', () => {
    const few = partialOf(['Y', 'N'], [0, 1, 1, 0]);
    const many = partialOf(ids, Array.from({ length: 1200 }, (_, i) => i % 600));
    expect(packPartial(few)).toBe(few); // under 256 entries: as it is
    const args = { keyTypes: ['string' as const], calls, keepNullKeys: false };
    const want = groups(mergePartials(args, [few, many]));
    expect(groups(mergePartials(args, [few, packPartial(many)]))).toEqual(want);
    expect([...groups(mergePartials(args, [packPartial(many), few]))].sort()).toEqual([...want].sort());
  });
});
