import { describe, expect, it } from 'vitest';
import { valueAt, type Column } from '../kernels/column.js';
import { finalize } from '../kernels/aggregates.js';
import { markUnique } from '../kernels/unique-dictionary.js';
import { mergePartials } from './exchange-ops.js';
import { ByteDictionary, dictionaryBytes } from '../io/csv/byte-dictionary.js';
import { compactDictionary } from '../kernels/compact-dictionary.js';
import { takeColumn } from '../kernels/sort.js';
import { stringAt } from '../kernels/string-bytes.js';
import { packedKeyPieces, packPartial } from './packed-partial.js';
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

describe('packedKeyPieces', () => {
  /** A scan dictionary holding `values` in order (codes 0, 1, …). */
  function scanDictionary(values: string[]): ByteDictionary {
    const d = new ByteDictionary(16);
    for (const v of values) {
      const bytes = new TextEncoder().encode(v);
      d.intern(bytes, 0, bytes.length);
    }
    return d;
  }

  /** The groups' codes (null: a null key) cut into p pieces by bucket, as splitPartial cuts them. */
  function cut(codes: (number | null)[], bucketOf: (code: number) => number, p: number) {
    const bucket = Int32Array.from(codes, (c) => (c === null ? 0 : bucketOf(c)));
    const start = new Int32Array(p + 1);
    for (const b of bucket) start[b + 1]++;
    for (let b = 0; b < p; b++) start[b + 1] += start[b];
    const next = start.slice(0, p);
    const order = new Int32Array(codes.length);
    bucket.forEach((b, g) => { order[next[b]++] = g; });
    return { bucket, order, start };
  }

  /** Each piece's keys, read from its packed bytes, or (reference) from its compacted strings. */
  function keysOf(c: Column, order: Int32Array, start: Int32Array, packed: ReturnType<typeof packedKeyPieces>): (string | null)[][] {
    return Array.from({ length: start.length - 1 }, (_, b) => {
      const groups = order.subarray(start[b], start[b + 1]);
      if (packed === null) {
        const piece = compactDictionary(takeColumn(c, groups));
        return Array.from(groups, (_, j) => valueAt(piece, j) as string | null);
      }
      const { column, packed: bytes } = packed[b];
      expect(column.dict).toBeUndefined();
      const text = Buffer.from(bytes.data.buffer, bytes.data.byteOffset, bytes.data.byteLength);
      return Array.from(groups, (_, j) => {
        if (column.valid !== null && column.valid[j] === 0) return null;
        const v = column.values[j] as number;
        return stringAt(text, bytes.offsets[v], bytes.offsets[v + 1]);
      });
    });
  }

  const ids = Array.from({ length: 3000 }, (_, i) => `id${String((i * 7919) % 100000).padStart(6, '0')}`);

  it('gives each piece the keys the strings give, with its own entries only, a null key and an empty piece among them', () => {
    const dict = scanDictionary(ids);
    // 1000 groups: every third id, in a scrambled order, and a null key
    const codes: (number | null)[] = Array.from({ length: 1000 }, (_, g) => ((g * 337) % 1000) * 3);
    codes[500] = null;
    const c: Column = { dtype: 'string', length: codes.length, values: Int32Array.from(codes, (x) => x ?? 0), valid: Uint8Array.from(codes, (x) => (x === null ? 0 : 1)), dict: dict.strings };
    // five pieces, the last left empty
    const { bucket, order, start } = cut(codes, (code) => code % 4, 5);
    const packed = packedKeyPieces(c, bucket, order, start);
    expect(packed).not.toBeNull();
    expect(keysOf(c, order, start, packed)).toEqual(keysOf(c, order, start, null));
    // each piece's dictionary holds its own keys, each once
    packed!.forEach(({ packed: bytes }, b) => expect(bytes.offsets.length - 1).toBe(new Set(keysOf(c, order, start, packed)[b].filter((k) => k !== null)).size));
  });

  it('leaves a dictionary it cannot read as bytes to the pieces (null), and the next call is unharmed', () => {
    const codes = Array.from({ length: 400 }, (_, g) => g);
    const col = (dict: readonly string[]): Column => ({ dtype: 'string', length: codes.length, values: Int32Array.from(codes), valid: null, dict });
    const { bucket, order, start } = cut(codes, (code) => code % 3, 3);
    // a value that is not ASCII: its bytes (UTF-8) are not StringBytes' form
    const accented = scanDictionary(ids.map((s, i) => (i === 399 ? `${s} é` : s)));
    expect(packedKeyPieces(col(accented.strings), bucket, order, start)).toBeNull();
    // not a scan's dictionary; one much larger than the groups; one cleared since (its bytes are others')
    expect(packedKeyPieces(col(ids), bucket, order, start)).toBeNull();
    const many = scanDictionary([...ids, ...ids.map((s) => `${s}x`)]);
    expect(packedKeyPieces({ ...col(many.strings), length: 100, values: Int32Array.from(codes.slice(0, 100)) }, bucket.subarray(0, 100), order.filter((g) => g < 100), Int32Array.from([0, 34, 67, 100]))).toBeNull();
    const cleared = scanDictionary(ids);
    const old = cleared.strings;
    cleared.clear();
    expect(dictionaryBytes(old)).toBeNull();
    expect(packedKeyPieces(col(old), bucket, order, start)).toBeNull();
    // after the refusals, a readable dictionary's pieces are still right (the thread's marks were reset)
    const plain = scanDictionary(ids);
    const c = col(plain.strings);
    const packed = packedKeyPieces(c, bucket, order, start);
    expect(packed).not.toBeNull();
    expect(keysOf(c, order, start, packed)).toEqual(keysOf(c, order, start, null));
  });
});
