/** size: the number of rows per group, nulls included (pandas' size, `col('*').count()`). */
import { countsColumn, createCounts, growCounts, mergeCounts, splitCounts, type CountState } from './count.js';
import type { Reduction } from './reduction.js';

export const size: Reduction<CountState> = {
  fn: 'size',
  arity: 1,
  inputs: 'any',
  outputType: () => 'int64',
  create: createCounts,
  reserve: growCounts,
  update(s, _call, gids, _args, n, ngroups, one = -1) {
    growCounts(s, ngroups);
    const count = s.count;
    if (one >= 0) count[one] += n;
    else for (let i = 0; i < n; i++) { const g = gids[i]; if (g >= 0) count[g]++; }
  },
  merge: (s, _call, other, map, otherGroups, ngroups) => mergeCounts(s, other, map, otherGroups, ngroups),
  split: (s, _call, part, local, sizes) => splitCounts(s, part, local, sizes),
  finalize: (s, _call, n) => countsColumn(s, n),
  estimatedBytes: (s) => s.count.byteLength,
};
