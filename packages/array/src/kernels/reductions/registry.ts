/** The reductions by name. */
import { argmax, argmin } from './arg-extreme.js';
import { max, min } from './extreme.js';
import { mean } from './mean.js';
import { std, variance_ } from './moments.js';
import type { Reduction } from './reduction.js';
import { sum } from './sum.js';

export type ReductionName = 'sum' | 'mean' | 'min' | 'max' | 'var' | 'std' | 'argmin' | 'argmax';

export const REDUCTIONS: Record<ReductionName, Reduction> = { sum, mean, min, max, var: variance_, std, argmin, argmax };
