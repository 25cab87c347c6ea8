import { describe, expect, it } from 'vitest';
import { isUniqueDictionary } from './unique-dictionary.js';
import { unionDictionary } from './union-dictionary.js';

describe('unionDictionary', () => {
  it('holds each string of the dictionaries once, and maps every entry to it (repeats within one too)', () => {
    const a = ['x', 'y', 'z', 'y'];
    const b = ['z', 'w', 'x'];
    const { dict, remap } = unionDictionary([a, b]);
    expect([...dict].sort()).toEqual(['w', 'x', 'y', 'z']);
    expect(isUniqueDictionary(dict)).toBe(true);
    expect(Array.from(remap[0], (c) => dict[c])).toEqual(a);
    expect(Array.from(remap[1], (c) => dict[c])).toEqual(b);
  });

  it('gives the kept union for the same dictionaries, and a new one when one grew (appended to: dictionaries never change in place)', () => {
    const a = ['p', 'q'];
    const b = ['q', 'r'];
    const first = unionDictionary([a, b]);
    expect(unionDictionary([a, b])).toBe(first);
    // another order of the same arrays is another union
    expect(unionDictionary([b, a])).not.toBe(first);
    a.push('s');
    const grown = unionDictionary([a, b]);
    expect(grown).not.toBe(first);
    expect(Array.from(grown.remap[0], (c) => grown.dict[c])).toEqual(['p', 'q', 's']);
    expect(unionDictionary([a, b])).toBe(grown);
    // equal contents in another array: another union
    expect(unionDictionary([a.slice(), b])).not.toBe(grown);
  });
});
