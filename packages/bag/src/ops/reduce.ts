/**
 * Whole-bag reductions as partial → combine: each partition task folds its elements into a
 * small partial (in the worker); one combine step on the calling thread merges the partials
 * in partition order and finishes the value. Variance merges partials by Chan's formula.
 */
import { loadCallable } from '@floe/scheduler';
import type { ReduceSpec } from '../graph/spec.js';
import { syncResult, type Push } from './pipeline.js';

export type Partial =
  | { kind: 'count'; n: number }
  | { kind: 'sum'; ints: bigint; floats: number; bigints: bigint | null; numbers: boolean }
  | { kind: 'extreme'; has: boolean; v: unknown }
  | { kind: 'moments'; n: number; mean: number; m2: number }
  | { kind: 'fold'; has: boolean; acc: unknown }
  | { kind: 'topk'; items: [unknown, unknown][] };

export interface Reducer {
  push: Push;
  partial(): Partial;
}

export async function createReducer(spec: ReduceSpec): Promise<Reducer> {
  switch (spec.kind) {
    case 'count': {
      let n = 0;
      return { push: () => void n++, partial: () => ({ kind: 'count', n }) };
    }
    case 'sum':
      return exactSum();
    case 'min':
    case 'max': {
      const max = spec.kind === 'max';
      let has = false;
      let v: unknown;
      return {
        push: (x) => {
          if (!has || (max ? (x as number) > (v as number) : (x as number) < (v as number))) v = x;
          has = true;
        },
        partial: () => ({ kind: 'extreme', has, v }),
      };
    }
    case 'mean':
    case 'var': {
      let n = 0;
      let mean = 0;
      let m2 = 0;
      return {
        push: (x) => {
          const d = (x as number) - mean;
          n++;
          mean += d / n;
          m2 += d * ((x as number) - mean);
        },
        partial: () => ({ kind: 'moments', n, mean, m2 }),
      };
    }
    case 'fold': {
      const binop = await loadCallable(spec.binop);
      let has = spec.initial !== null;
      let acc = spec.initial?.value;
      return {
        push: (x) => {
          acc = has ? syncResult(binop(acc, x), spec.binop.name, 'fold') : x;
          has = true;
        },
        partial: () => ({ kind: 'fold', has, acc }),
      };
    }
    case 'topk': {
      const key = spec.key ? await loadCallable(spec.key) : null;
      const cmp = topkCompare(spec.descending);
      let items: [unknown, unknown][] = [];
      return {
        push: (x) => {
          items.push([key ? syncResult(key(x), spec.key!.name, 'topk') : x, x]);
          if (items.length >= 2 * spec.k + 64) items = items.sort(cmp).slice(0, spec.k);
        },
        partial: () => ({ kind: 'topk', items: items.sort(cmp).slice(0, spec.k) }),
      };
    }
    default:
      throw new Error(`internal: unknown reduction ${(spec as { kind: string }).kind}`);
  }
}

/** Largest first (descending) or smallest first; ties keep their order (Array.prototype.sort is stable). */
function topkCompare(descending: boolean): (a: [unknown, unknown], b: [unknown, unknown]) => number {
  const sign = descending ? -1 : 1;
  return (a, b) => ((a[0] as number) < (b[0] as number) ? -sign : (a[0] as number) > (b[0] as number) ? sign : 0);
}

/** The combine step (a local task): partials in partition order → the reduction's value. */
export async function combineReduce(spec: ReduceSpec, ...partials: { value: Partial }[]): Promise<unknown> {
  const ps = partials.map((p) => p.value);
  switch (spec.kind) {
    case 'count':
      return ps.reduce((n, p) => n + (p as { n: number }).n, 0);
    case 'sum': {
      let ints = 0n;
      let floats = 0;
      let bigints: bigint | null = null;
      let numbers = false;
      for (const p of ps as Extract<Partial, { kind: 'sum' }>[]) {
        ints += p.ints;
        floats += p.floats;
        numbers ||= p.numbers;
        if (p.bigints !== null) bigints = (bigints ?? 0n) + p.bigints;
      }
      if (bigints !== null && numbers) throw new TypeError('sum(): the bag mixes numbers and bigints');
      return bigints ?? Number(ints) + floats;
    }
    case 'min':
    case 'max': {
      const seen = ps.filter((p) => (p as { has: boolean }).has).map((p) => (p as { v: unknown }).v);
      if (seen.length === 0) throw new Error(`${spec.kind}() of an empty bag`);
      const max = spec.kind === 'max';
      return seen.reduce((a, b) => ((max ? (b as number) > (a as number) : (b as number) < (a as number)) ? b : a));
    }
    case 'mean':
    case 'var': {
      let n = 0;
      let mean = 0;
      let m2 = 0;
      for (const p of ps as { n: number; mean: number; m2: number }[]) {
        if (p.n === 0) continue;
        const total = n + p.n;
        const d = p.mean - mean;
        mean += (d * p.n) / total;
        m2 += p.m2 + (d * d * n * p.n) / total;
        n = total;
      }
      if (spec.kind === 'mean') return n === 0 ? Number.NaN : mean;
      const v = n - spec.ddof <= 0 ? Number.NaN : m2 / (n - spec.ddof);
      return spec.sqrt ? Math.sqrt(v) : v;
    }
    case 'fold': {
      const combine = await loadCallable(spec.combine);
      let has = false;
      let acc: unknown;
      for (const p of ps as { has: boolean; acc: unknown }[]) {
        if (!p.has) continue;
        acc = has ? syncResult(combine(acc, p.acc), spec.combine.name, 'fold') : p.acc;
        has = true;
      }
      if (!has) {
        if (spec.initial !== null) return spec.initial.value;
        throw new Error('fold() of an empty bag with no initial value');
      }
      return acc;
    }
    case 'topk': {
      const all = (ps as { items: [unknown, unknown][] }[]).flatMap((p) => p.items);
      return all.sort(topkCompare(spec.descending)).slice(0, spec.k).map(([, x]) => x);
    }
    default:
      throw new Error(`internal: unknown reduction ${(spec as { kind: string }).kind}`);
  }
}

/**
 * Sums numbers with integers kept exact (a sum of squares of the first million integers passes
 * 2^53): integer elements add up in a small sum that moves into a bigint before it could round;
 * the total is rounded to a number once, at the end. Non-integers add as floats; bigints as bigints.
 */
function exactSum(): Reducer {
  const LIMIT = 2 ** 52;
  let small = 0;
  let ints = 0n;
  let floats = 0;
  let bigints: bigint | null = null;
  let numbers = false;
  return {
    push: (x) => {
      if (typeof x === 'number') {
        numbers = true;
        if (!Number.isInteger(x)) floats += x;
        else if (x >= LIMIT || x <= -LIMIT) ints += BigInt(x);
        else {
          small += x;
          if (small >= LIMIT || small <= -LIMIT) {
            ints += BigInt(small);
            small = 0;
          }
        }
      } else if (typeof x === 'bigint') {
        bigints = (bigints ?? 0n) + x;
      } else {
        throw new TypeError(`sum(): an element is not a number (${x === null ? 'null' : typeof x}${typeof x === 'string' ? ` ${JSON.stringify(x.slice(0, 40))}` : ''})`);
      }
    },
    partial: () => ({ kind: 'sum', ints: ints + BigInt(small), floats, bigints, numbers }),
  };
}
