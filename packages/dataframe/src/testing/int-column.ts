/** Tests' int64 column of numbers and nulls (the values of null rows are 0). */
import type { Column } from '../kernels/column.js';

export const ints = (xs: readonly (number | null)[]): Column => ({ dtype: 'int64', length: xs.length, values: Float64Array.from(xs, (x) => x ?? 0), valid: xs.includes(null) ? Uint8Array.from(xs, (x) => (x === null ? 0 : 1)) : null });
