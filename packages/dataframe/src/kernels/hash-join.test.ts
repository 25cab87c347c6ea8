import { describe, expect, it } from 'vitest';
import type { Batch } from './batch.js';
import { valueAt, type Column } from './column.js';
import { distinctEstimate, HashJoinBuild, type JoinSpec } from './hash-join.js';
import type { JoinHow } from '../plan/logical-plan.js';
import { ints } from '../testing/int-column.js';
import { Rng } from '../testing/random-csv.js';


const spec = (how: JoinHow): JoinSpec => ({
  how, leftOn: ['k'], rightOn: ['k'],
  fields: [{ name: 'k', dtype: 'int64' }, { name: 'a', dtype: 'int64' }, { name: 'b', dtype: 'int64' }],
  leftFields: [{ name: 'k', dtype: 'int64' }, { name: 'a', dtype: 'int64' }],
  rightOut: how === 'semi' || how === 'anti' ? [] : [{ name: 'b', out: 'b' }],
});

/** A batch's rows as [k, a, b] (b undefined for semi/anti). */
const rowsOf = (b: Batch): unknown[][] => Array.from({ length: b.length }, (_, i) => ['k', 'a', 'b'].map((n) => (b.columns.has(n) ? valueAt(b.columns.get(n)!, i) : undefined)));

describe('HashJoinBuild sized from a sample of its keys', () => {
  it('estimates distinct keys from evenly spaced rows, and joins a build of many keys (its table sized ahead) as one grown key by key', () => {
    expect(distinctEstimate(ints(Array.from({ length: 100_000 }, (_, i) => i % 10)), 100_000)).toBe(10);
    expect(distinctEstimate(ints(Array.from({ length: 100_000 }, (_, i) => i)), 100_000)).toBe(100_000);
    expect(distinctEstimate(ints(Array.from({ length: 3 }, (_, i) => i)), 3)).toBe(3);
    const r = new Rng(7);
    const nb = 50_000;
    const keys = Array.from({ length: nb }, () => (r.chance(0.02) ? null : r.int(0, 80_000)));
    const build = new Map<string, Column>([['k', ints(keys)], ['b', ints(Array.from({ length: nb }, (_, i) => i))]]);
    const np = 20_000;
    const probeKeys = Array.from({ length: np }, () => (r.chance(0.02) ? null : r.int(0, 80_000)));
    const probe: Batch = { length: np, columns: new Map([['k', ints(probeKeys)], ['a', ints(Array.from({ length: np }, (_, i) => i))]]) };
    const got = rowsOf(new HashJoinBuild(spec('inner'), build, nb).probe(probe));
    const byKey = new Map<number, number[]>();
    keys.forEach((k, i) => { if (k !== null) byKey.set(k, [...(byKey.get(k) ?? []), i]); });
    const want = probeKeys.flatMap((k, i) => (k === null ? [] : (byKey.get(k) ?? []).map((b) => [k, i, b])));
    expect(got.length).toBe(want.length);
    expect(got).toEqual(want);
  });
});

describe('HashJoinBuild.probeEach', () => {
  it('cuts a probe batch\'s joined rows into batches of at most maxRows, inside a key\'s matches too, with the rows of one batch in order (seeded)', () => {
    const r = new Rng(19);
    for (let round = 0; round < 60; round++) {
      const how = (['inner', 'left', 'right', 'outer', 'semi', 'anti'] as const)[r.int(0, 5)];
      // a hot key on both sides (its matches multiply), a few others, and nulls
      const key = (): number | null => (r.chance(0.05) ? null : r.chance(0.6) ? 1 : r.int(2, 12));
      const nb = r.int(0, 60);
      const build = new Map<string, Column>([['k', ints(Array.from({ length: nb }, key))], ['b', ints(Array.from({ length: nb }, (_, i) => i))]]);
      const np = r.int(1, 80);
      const probe: Batch = { length: np, columns: new Map([['k', ints(Array.from({ length: np }, key))], ['a', ints(Array.from({ length: np }, (_, i) => 1000 + i))]]) };
      const whole = new HashJoinBuild(spec(how), build, nb);
      const want = rowsOf(whole.probe(probe));
      const maxRows = [1, 2, 7, 64][r.int(0, 3)];
      const cut = new HashJoinBuild(spec(how), build, nb);
      const got: unknown[][] = [];
      const sizes: number[] = [];
      expect(cut.probeEach(probe, (b) => { sizes.push(b.length); got.push(...rowsOf(b)); return true; }, maxRows)).toBe(true);
      expect(got, `round ${round} (${how}, maxRows ${maxRows})`).toEqual(want);
      if (how !== 'semi' && how !== 'anti') expect(Math.max(...sizes)).toBeLessThanOrEqual(maxRows);
      // right and outer joins: the build rows no piece matched are the same
      expect(cut.unmatched() === null ? null : rowsOf(cut.unmatched()!)).toEqual(whole.unmatched() === null ? null : rowsOf(whole.unmatched()!));
    }
  });

  it('stops when emit wants no more', () => {
    const build = new Map<string, Column>([['k', ints([1, 1, 1, 1])], ['b', ints([0, 1, 2, 3])]]);
    const probe: Batch = { length: 3, columns: new Map([['k', ints([1, 1, 1])], ['a', ints([5, 6, 7])]]) };
    let calls = 0;
    expect(new HashJoinBuild(spec('inner'), build, 4).probeEach(probe, () => ++calls < 2, 3)).toBe(false);
    expect(calls).toBe(2);
  });
});
