/** Checks and normalizes what users pass: shapes, axes, slice specs (Python slice rules). */
import type { AxisSlice } from '../graph/nodes/slice.js';

export function checkShape(shape: readonly number[]): number[] {
  if (!Array.isArray(shape)) throw new TypeError('shape must be an array of non-negative integers, e.g. [1000, 1000]');
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`shape must be non-negative integers, got [${shape.join(', ')}]`);
  }
  return [...shape];
}

export function normalizeAxis(axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new RangeError(`axis ${axis} is out of bounds for an array of ${ndim} dimension${ndim === 1 ? '' : 's'}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

export function normalizeAxes(axis: number | readonly number[] | null | undefined, ndim: number): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const out = list.map((a) => normalizeAxis(a, ndim));
  if (new Set(out).size !== out.length) throw new RangeError(`axis [${list.join(', ')}] repeats an axis`);
  return out.sort((a, b) => a - b);
}

/** One axis of `slice()`: null (all), an index, or [start, stop, step?] with nulls for defaults. */
export type SliceArg = null | number | readonly [number | null, number | null] | readonly [number | null, number | null, number | null];

export function normalizeSlice(spec: SliceArg | undefined, n: number, axis: number): AxisSlice {
  if (spec === null || spec === undefined) return { start: 0, step: 1, length: n, drop: false };
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec) || spec < -n || spec >= n) throw new RangeError(`index ${spec} is out of bounds for axis ${axis} with size ${n}`);
    return { start: spec < 0 ? spec + n : spec, step: 1, length: 1, drop: true };
  }
  const step = spec[2] ?? 1;
  if (!Number.isInteger(step) || step === 0) throw new RangeError(`slice step must be a non-zero integer, got ${step}`);
  const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);
  const fix = (v: number): number => (v < 0 ? v + n : v);
  let start: number;
  let stop: number;
  if (step > 0) {
    start = spec[0] === null ? 0 : clamp(fix(spec[0]), 0, n);
    stop = spec[1] === null ? n : clamp(fix(spec[1]), 0, n);
  } else {
    start = spec[0] === null ? n - 1 : clamp(fix(spec[0]), -1, n - 1);
    stop = spec[1] === null ? -1 : clamp(fix(spec[1]), -1, n - 1);
  }
  const length = Math.max(0, Math.ceil((stop - start) / step));
  return { start: length === 0 ? 0 : start, step, length, drop: false };
}
