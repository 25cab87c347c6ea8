/**
 * Whole-bag reductions as partial → combine: each partition task folds its elements into a
 * small partial (in the worker); one combine step on the calling thread merges the partials
 * in partition order and finishes the value. Variance merges partials by Chan's formula.
 */
import { loadCallable } from '@floe/scheduler';
import type { ReduceSpec } from '../graph/spec.js';
import { guardElement, guardFold } from './callback-error.js';
import { valueOrder } from './compare-values.js';
import { syncResult, type Push } from './pipeline.js';
import { preview } from './preview.js';

export type Partial =
  | { kind: 'count'; n: number }
  | { kind: 'sum'; ints: bigint; floats: number; bigints: bigint | null; numbers: boolean }
  | { kind: 'extreme'; has: boolean; v: unknown }
  /** Welford's running moments; `bigSum` the exact sum of bigint elements (mean of bigints), `numbers` whether any was a number. */
  | { kind: 'moments'; n: number; mean: number; m2: number; bigSum: bigint | null; numbers: boolean }
  | { kind: 'fold'; has: boolean; acc: unknown }
  | { kind: 'topk'; items: [unknown, unknown][] };

export interface Reducer {
  push: Push;
  partial(): Partial;
}

/** `partition`: the partition's number, for errors of user functions. */
export async function createReducer(spec: ReduceSpec, partition: number | null = null): Promise<Reducer> {
  switch (spec.kind) {
    case 'count': {
      let n = 0;
      return { push: () => void n++, partial: () => ({ kind: 'count', n }) };
    }
    case 'sum':
      return exactSum();
    case 'min':
    case 'max': {
      const order = valueOrder(spec.kind, spec.kind === 'max');
      let has = false;
      let v: unknown;
      return {
        push: (x) => {
          if (!has || order(x, v) < 0) v = x;
          has = true;
        },
        partial: () => ({ kind: 'extreme', has, v }),
      };
    }
    case 'mean':
    case 'var':
      return moments(momentsVerb(spec));
    case 'fold': {
      const binop = guardFold(await loadCallable(spec.binop), 'fold', spec.binop.name, partition);
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
      const key = spec.key ? guardElement(await loadCallable(spec.key), spec.descending ? 'topk' : 'bottomk', spec.key.name, partition) : null;
      const cmp = topkCompare(spec.descending ? 'topk' : 'bottomk', spec.descending);
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

/** [key, element] pairs by key, largest first (descending) or smallest first; ties keep their order (Array.prototype.sort is stable). */
function topkCompare(verb: string, descending: boolean): (a: [unknown, unknown], b: [unknown, unknown]) => number {
  const order = valueOrder(verb, descending);
  return (a, b) => order(a[0], b[0]);
}

function momentsVerb(spec: Extract<ReduceSpec, { kind: 'mean' | 'var' }>): string {
  return spec.kind === 'var' && spec.sqrt ? 'std' : spec.kind;
}

/**
 * Welford's running mean and squared deviations; elements are checked as sum() checks them (no
 * null or numeric text read as a number). Bigints also add up exactly, so their mean is exact
 * to the last place; their variance is computed on their values as numbers.
 */
function moments(verb: string): Reducer {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  let bigSum: bigint | null = null;
  let numbers = false;
  return {
    push: (x) => {
      let v: number;
      if (typeof x === 'number') {
        v = x;
        numbers = true;
      } else if (typeof x === 'bigint') {
        v = Number(x);
        bigSum = (bigSum ?? 0n) + x;
      } else {
        throw notANumber(verb, x);
      }
      const d = v - mean;
      n++;
      mean += d / n;
      m2 += d * (v - mean);
    },
    partial: () => ({ kind: 'moments', n, mean, m2, bigSum, numbers }),
  };
}

/** The error of sum/mean/var/std for an element that is not a number or a bigint. */
function notANumber(verb: string, x: unknown): TypeError {
  const what = x === null ? 'null' : x === undefined ? 'undefined' : `${typeof x} ${typeof x === 'string' ? JSON.stringify(x.slice(0, 40)) : preview(x)}`;
  return new TypeError(`${verb}(): an element is not a number (${what}); map the elements to numbers first`);
}

/** a / n: the bigint quotient plus the remainder's fraction — correctly rounded while the quotient is below 2^53, within an ulp above (two roundings). */
function bigintMean(sum: bigint, n: number): number {
  const d = BigInt(n);
  return Number(sum / d) + Number(sum % d) / n;
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
      const order = valueOrder(spec.kind, spec.kind === 'max');
      return seen.reduce((a, b) => (order(b, a) < 0 ? b : a));
    }
    case 'mean':
    case 'var': {
      let n = 0;
      let mean = 0;
      let m2 = 0;
      let bigSum: bigint | null = null;
      let numbers = false;
      for (const p of ps as Extract<Partial, { kind: 'moments' }>[]) {
        numbers ||= p.numbers;
        if (p.bigSum !== null) bigSum = (bigSum ?? 0n) + p.bigSum;
        if (p.n === 0) continue;
        const total = n + p.n;
        const d = p.mean - mean;
        mean += (d * p.n) / total;
        m2 += p.m2 + (d * d * n * p.n) / total;
        n = total;
      }
      if (bigSum !== null && numbers) throw new TypeError(`${momentsVerb(spec)}(): the bag mixes numbers and bigints`);
      if (spec.kind === 'mean') return n === 0 ? Number.NaN : bigSum !== null ? bigintMean(bigSum, n) : mean;
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
      return all.sort(topkCompare(spec.descending ? 'topk' : 'bottomk', spec.descending)).slice(0, spec.k).map(([, x]) => x);
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
        throw notANumber('sum', x);
      }
    },
    partial: () => ({ kind: 'sum', ints: ints + BigInt(small), floats, bigints, numbers }),
  };
}
