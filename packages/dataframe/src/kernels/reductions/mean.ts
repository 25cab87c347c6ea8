/** mean: nulls skipped; an empty or all-null group has a null mean. Integer totals are exact (sum.ts). */
import { createSum, growSum, mergeSum, splitSum, sumBytes, updateSum, type SumState } from './sum.js';
import type { Reduction } from './reduction.js';

export const mean: Reduction<SumState> = {
  fn: 'mean',
  arity: 1,
  inputs: 'numeric',
  outputType: () => 'float64',
  create: createSum,
  reserve: growSum,
  update: (s, call, gids, args, n, ngroups, one) => updateSum(s, call, gids, args[0]!, n, ngroups, true, one),
  merge: mergeSum,
  split: (s, _call, part, local, sizes) => splitSum(s, part, local, sizes),
  finalize(s, _call, n) {
    growSum(s, n);
    const out = new Float64Array(n);
    const valid = new Uint8Array(n);
    for (let g = 0; g < n; g++) {
      if (s.count[g] === 0) continue;
      const total = s.big && s.big[g] !== 0n ? Number(s.big[g] + BigInt(s.sum[g])) : s.sum[g];
      out[g] = total / s.count[g];
      valid[g] = 1;
    }
    return { dtype: 'float64', length: n, values: out, valid };
  },
  estimatedBytes: sumBytes,
};
