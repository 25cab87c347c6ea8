/**
 * Kernels whose first call on a thread is long keep their speed on the calls after it. V8
 * compiles such a call's loop on the stack (OSR), keeps that code and enters it again from every
 * later call; code after the loop that had never run had no type feedback, so the kept code
 * bailed out there on every call and the rest of each call ran in the interpreter — a median's
 * update 274 times in db-benchmark q6, the CSV writer's slot staging, the sort's record gather
 * (benchmarks/PROFILE.md, "code after a long loop"). Each kernel here is called 30 times on
 * 200 k rows in a child process under `--trace-deopt`, and no function may bail out more than a
 * few times (learning its types), not once a call. Against the kernels before the fix, the
 * sort's key fields and its counting pass bail out 10 times each here, takeOrNull 5; in the
 * queries it was far more (q6's median 274, q8's group top 58, join q5's string decoding 63).
 * Runs the built package, as shape-anchor.test.ts does.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const dist = (path: string): string => JSON.stringify(join(root, 'packages/dataframe/dist', path));

const CALLS = 30;

const script = `
  import { median } from ${dist('kernels/reductions/median-quantile.js')};
  import { filterColumn } from ${dist('kernels/column.js')};
  import { takeOrNull } from ${dist('kernels/take.js')};
  import { evalExpr } from ${dist('kernels/eval-expr.js')};
  import { radixSortPermutation } from ${dist('kernels/radix-sort.js')};
  import { rowTaker } from ${dist('kernels/take-rows.js')};
  import { groupTop } from ${dist('kernels/group-top.js')};
  import { ByteBuffer, encodeCsvRows } from ${dist('io/csv/csv-encoder.js')};
  import { HashJoinBuild } from ${dist('kernels/hash-join.js')};
  import { splitByBucket } from ${dist('kernels/hash-partition.js')};
  import { decodeStrings, encodeStrings } from ${dist('table/arrow-buffers.js')};
  const n = 200_000;
  let seed = 7;
  const rnd = () => { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const valid = Uint8Array.from({ length: n }, () => (rnd() < 0.05 ? 0 : 1));
  const ints = { dtype: 'int64', length: n, values: Float64Array.from({ length: n }, () => Math.floor(rnd() * 1000)), valid };
  const floats = { dtype: 'float64', length: n, values: Float64Array.from({ length: n }, () => Math.round(rnd() * 1e8) / 1e6), valid: null };
  const dict = Array.from({ length: 50_000 }, (_, i) => 'id' + String(i).padStart(8, '0'));
  const strs = { dtype: 'string', length: n, values: Int32Array.from({ length: n }, () => Math.floor(rnd() * dict.length)), valid, dict };
  const gids = Int32Array.from({ length: n }, () => Math.floor(rnd() * 1000));
  const mask = Uint8Array.from({ length: n }, () => (rnd() < 0.5 ? 1 : 0));
  const kept = mask.reduce((s, x) => s + x, 0);
  const idx = Int32Array.from({ length: n }, (_, i) => (i % 10 === 0 ? -1 : n - 1 - i));
  const order = Int32Array.from({ length: n }, (_, i) => (i * 7919) % n);
  const batch = { length: n, columns: new Map([['v', ints]]) };
  const out = new ByteBuffer(() => {});
  const small = { dtype: 'int64', length: 1000, values: Float64Array.from({ length: 1000 }, (_, i) => i), valid: null };
  const joinSpec = { how: 'left', leftOn: ['v'], rightOn: ['v'], fields: [{ name: 'v', dtype: 'int64' }, { name: 'w', dtype: 'int64' }], leftFields: [{ name: 'v', dtype: 'int64' }], rightOut: [{ name: 'w', out: 'w' }] };
  const build = new HashJoinBuild(joinSpec, new Map([['v', small], ['w', small]]), 1000);
  const buckets = Int32Array.from({ length: n }, () => Math.floor(rnd() * 16));
  const packed = encodeStrings(Array.from({ length: n }, (_, i) => dict[i % dict.length]));
  let check = 0;
  for (let k = 0; k < ${CALLS}; k++) {
    const s = median.create({ fn: 'median' });
    median.update(s, { fn: 'median' }, gids, [floats], n, 1000);
    check += s.len;
    check += filterColumn(ints, mask, kept).length;
    check += takeOrNull(floats, idx).length;
    check += evalExpr({ kind: 'isNull', arg: { kind: 'col', name: 'v' }, negate: k % 2 === 1 }, batch).length;
    check += radixSortPermutation([strs, ints], [false, true])[0];
    const take = rowTaker([ints, floats, strs]);
    check += take(order)[0].length;
    take.release();
    check += groupTop([ints], [floats], n, { n: 2, descending: [true], nullsLast: true, keyTypes: ['int64'], keepNullKeys: false }).length;
    encodeCsvRows([strs, ints, floats], n, ',', out);
    out.flush();
    build.probeEach(batch, (b) => { check += b.length; return true; });
    check += splitByBucket(buckets, n, 16).length;
    check += decodeStrings(packed.offsets, packed.data, n).length;
  }
  console.log('done', check > 0);
`;

describe('kernels after a long first call', () => {
  test('bail out a few times while learning their types, not on every call', () => {
    const r = spawnSync(process.execPath, ['--trace-deopt', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 240_000, maxBuffer: 256 << 20 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('done true');
    // by function name (every function the calls run, the kernels' loops and what they call)
    const counts = new Map<string, number>();
    for (const m of r.stdout.matchAll(/^\[bailout \(kind: [^,]+, reason: [^)]*\): begin\. deoptimizing \S+ <JSFunction (\w*) /gm)) {
      counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
    }
    const often = [...counts].filter(([, c]) => c > 4);
    expect(often, `bail-outs per function: ${JSON.stringify([...counts])}`).toEqual([]);
  }, 240_000);
});
