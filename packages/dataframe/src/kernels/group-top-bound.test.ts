import { describe, expect, it } from 'vitest';
import type { Column } from './column.js';
import { GroupTopBound } from './group-top-bound.js';

const num = (xs: number[]): Column => ({ dtype: 'float64', length: xs.length, values: Float64Array.from(xs), valid: null });
const spec = { keyTypes: ['int64' as const], keepNullKeys: false, descending: [true], nullsLast: true, n: 2 };

describe('GroupTopBound', () => {
  it('lets through only rows that may still be among their group\'s first n (ties go to the earlier rows)', () => {
    const bound = new GroupTopBound(spec, 100);
    // key 1: 5, 7 fill it; 6 beats 5; 5 ties the worst held (6 → 5 is not better); 9 beats both
    expect(Array.from(bound.select([num([1, 1, 1, 1, 1])], num([5, 7, 6, 5, 9]), 5)!)).toEqual([0, 1, 2, 4]);
    // the next batch is checked against what the first one held (9, 7): 7 ties, 8 enters
    expect(Array.from(bound.select([num([1, 1, 2])], num([7, 8, 0]), 3)!)).toEqual([1, 2]);
  });

  it('past its most groups, it holds nothing and lets every row through', () => {
    const bound = new GroupTopBound(spec, 3);
    expect(bound.select([num([1, 2, 3])], num([1, 1, 1]), 3)).not.toBeNull();
    expect(bound.select([num([4, 5])], num([1, 1]), 2)).toBeNull();
    expect(bound.select([num([1, 1, 1])], num([0, 0, 0]), 3)).toBeNull();
  });
});
