/** Functions over several arrays: concatenate, stack, where, matmul. */
import { promote, type DType } from '../dtype.js';
import { sameChunks } from '../graph/chunks.js';
import { ConcatenateNode } from '../graph/nodes/concatenate.js';
import { ExpandNode } from '../graph/nodes/expand.js';
import { MatmulNode } from '../graph/nodes/matmul.js';
import { RechunkNode } from '../graph/nodes/rechunk.js';
import { asArray, ChunkedArray, elementwise, type ArrayLike } from './chunked-array.js';
import { normalizeAxis } from './normalize.js';

/** Joins arrays along an existing axis; the others must match. */
export function concatenate(arrays: readonly ChunkedArray[], options: { axis?: number } = {}): ChunkedArray {
  if (arrays.length === 0) throw new RangeError('concatenate needs at least one array');
  const first = arrays[0];
  if (first.ndim === 0) throw new RangeError('zero-dimensional arrays cannot be concatenated');
  const axis = normalizeAxis(options.axis ?? 0, first.ndim);
  arrays.forEach((x, k) => {
    if (x.ndim !== first.ndim) throw new RangeError(`all arrays must have the same number of dimensions: array 0 has ${first.ndim}, array ${k} has ${x.ndim}`);
    x.shape.forEach((d, i) => {
      if (i !== axis && d !== first.shape[i]) throw new RangeError(`array ${k} has size ${d} on axis ${i} where array 0 has ${first.shape[i]}`);
    });
  });
  const dtype = arrays.reduce<DType>((t, x) => promote(t, x.dtype), first.dtype);
  const nodes = arrays.map((x) => {
    const want = x.chunks.map((c, i) => (i === axis ? c : first.chunks[i]));
    return sameChunks(want, x.chunks) ? x.node : new RechunkNode(x.node, want);
  });
  return new ChunkedArray(new ConcatenateNode(nodes, axis, dtype));
}

/** Joins same-shaped arrays along a new axis. */
export function stack(arrays: readonly ChunkedArray[], options: { axis?: number } = {}): ChunkedArray {
  if (arrays.length === 0) throw new RangeError('stack needs at least one array');
  const first = arrays[0];
  arrays.forEach((x, k) => {
    if (x.shape.length !== first.shape.length || x.shape.some((d, i) => d !== first.shape[i])) {
      throw new RangeError(`all arrays must have the same shape: array 0 is [${first.shape.join(', ')}], array ${k} is [${x.shape.join(', ')}]`);
    }
  });
  const axis = normalizeAxis(options.axis ?? 0, first.ndim + 1);
  return concatenate(arrays.map((x) => new ChunkedArray(new ExpandNode(x.node, axis))), { axis });
}

/** `cond ? a : b` elementwise, broadcasting all three. */
export function where(cond: ChunkedArray, a: ArrayLike, b: ArrayLike): ChunkedArray {
  const x = asArray(a, typeof b === 'object' ? b.dtype : 'float64');
  const y = asArray(b, x.dtype);
  return elementwise({ k: 'where' }, [cond, x, y], promote(x.dtype, y.dtype));
}

/** Matrix product of 2-d arrays, blocked: block (i, j) sums A[i,k] @ B[k,j] in one task. */
export function matmul(a: ChunkedArray, b: ChunkedArray): ChunkedArray {
  if (a.ndim !== 2 || b.ndim !== 2) throw new RangeError(`matmul takes 2-d arrays, got ${a.ndim}-d and ${b.ndim}-d`);
  if (a.shape[1] !== b.shape[0]) throw new RangeError(`matmul: shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}] do not align (${a.shape[1]} ≠ ${b.shape[0]})`);
  const want = [a.chunks[1], b.chunks[1]];
  const bn = sameChunks(want, b.chunks) ? b.node : new RechunkNode(b.node, want);
  const p = promote(a.dtype, b.dtype);
  return new ChunkedArray(new MatmulNode(a.node, bn, p === 'bool' ? 'int64' : p));
}
