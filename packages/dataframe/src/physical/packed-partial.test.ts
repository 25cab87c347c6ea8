import { describe, expect, it } from 'vitest';
import { isUniqueDictionary, markUnique } from '../kernels/unique-dictionary.js';
import type { Column } from '../kernels/column.js';
import { packPartial, unpackPartial } from './packed-partial.js';
import type { PartialAggregate } from './pipeline-spec.js';

function stringKey(dict: string[], codes: number[], valid: number[] | null = null): Column {
  return { dtype: 'string', length: codes.length, values: Int32Array.from(codes), valid: valid ? Uint8Array.from(valid) : null, dict };
}

function partial(keys: Column[]): PartialAggregate {
  const n = keys[0].length;
  return { kind: 'aggregate', ngroups: n, keys, states: [{ cap: n, count: new Float64Array(n).fill(1) }] as never };
}

describe('packPartial / unpackPartial', () => {
  // ids, text with multi-byte characters and a lone surrogate (UTF-8 cannot tell those apart from U+FFFD, so they must come back as they went)
  const ids = Array.from({ length: 1000 }, (_, i) => `id${String(i).padStart(6, '0')}`);
  const text = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `café ${i}` : i % 3 === 1 ? `日本 ${i} 🎉` : `plain ${i}`));

  it('sends a large dictionary as bytes and gets the same strings, codes and validity back', () => {
    const codes = Array.from({ length: 1000 }, (_, i) => (i * 7) % 1000);
    const p = partial([stringKey(markUnique([...ids]), codes), stringKey(text, Array.from({ length: 1000 }, (_, i) => i % 300), Array.from({ length: 1000 }, (_, i) => (i % 5 === 0 ? 0 : 1)))]);
    const packed = packPartial(p);
    expect(packed.keys.every((c) => c.dict === undefined)).toBe(true);
    // across a thread the strings travel as typed arrays, not one string each
    const moved = structuredClone(packed);
    expect(JSON.stringify(moved.packed!.map((d) => d && Object.keys(d)))).toBe('[["offsets","data","unique"],["offsets","data","unique"]]');
    const back = unpackPartial(moved);
    expect(back.packed).toBeUndefined();
    expect(back.keys[0].dict).toEqual(ids);
    expect(back.keys[1].dict).toEqual(text);
    expect([...back.keys[0].values]).toEqual(codes);
    expect(back.keys[1].valid).toEqual(p.keys[1].valid);
    expect(back.states).toBe(moved.states);
  });

  it('keeps what it knew of a dictionary holding each string once, which a cloned array forgets', () => {
    const moved = structuredClone(packPartial(partial([stringKey(markUnique([...ids]), [0, 1, 2]), stringKey([...ids], [3, 4, 5])])));
    const back = unpackPartial(moved);
    expect(isUniqueDictionary(back.keys[0].dict!)).toBe(true);
    expect(isUniqueDictionary(back.keys[1].dict!)).toBe(false);
  });

  it('leaves small dictionaries and other keys as they are', () => {
    const p = partial([stringKey(['Y', 'N'], [0, 1, 1]), { dtype: 'int64', length: 3, values: Float64Array.of(1, 2, 3), valid: null }]);
    expect(packPartial(p)).toBe(p);
    expect(unpackPartial(p)).toBe(p);
  });

  it('round-trips a lone surrogate and an empty string', () => {
    const odd = ['\ud800', '', 'a\udc00b', ...ids.slice(0, 300)];
    const back = unpackPartial(structuredClone(packPartial(partial([stringKey(odd, [0, 1, 2])]))));
    expect(back.keys[0].dict).toEqual(odd);
  });
});
