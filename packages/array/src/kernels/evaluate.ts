/** Evaluates a block expression into a Block (inside a worker). */
import { allocate, type TypedArray } from '../dtype.js';
import { contiguous, cStrides, forEachRow, sizeOf, toContiguous, type Block } from './block.js';
import type { BlockExpr } from './block-expr.js';
import { binary, cast, unary, where } from './elementwise.js';
import { randomBlock } from './random.js';

export function evaluate(e: BlockExpr): Block {
  switch (e.k) {
    case 'fill': {
      const data = allocate(e.dtype, 1);
      (data as unknown as { [i: number]: number | bigint })[0] = e.value;
      return { data, dtype: e.dtype, shape: e.shape, strides: e.shape.map(() => 0), offset: 0 };
    }
    case 'arange': {
      const data = allocate(e.dtype, e.n) as unknown as { [i: number]: number | bigint };
      if (typeof e.start === 'bigint') {
        const step = e.step as bigint;
        for (let i = 0, v = e.start; i < e.n; i++, v += step) data[i] = v;
      } else {
        const [start, step] = [e.start, e.step as number];
        for (let i = 0; i < e.n; i++) data[i] = e.dtype === 'int64' ? BigInt(start + i * step) : start + i * step;
      }
      return contiguous(data as unknown as TypedArray, e.dtype, [e.n]);
    }
    case 'random': return randomBlock(e.dist, e.dtype, e.shape, e.seed, e.stream);
    case 'block': return e.block as Block;
    case 'unary': return unary(e.op, evaluate(e.x));
    case 'binary': return binary(e.op, evaluate(e.a), evaluate(e.b));
    case 'where': return where(evaluate(e.cond), evaluate(e.a), evaluate(e.b));
    case 'cast': return cast(evaluate(e.x), e.dtype);
    case 'transpose': {
      const x = evaluate(e.x);
      return { ...x, shape: e.axes.map((a) => x.shape[a]), strides: e.axes.map((a) => x.strides[a]) };
    }
    case 'slice': {
      const x = evaluate(e.x);
      let offset = x.offset;
      for (let d = 0; d < e.start.length; d++) offset += e.start[d] * x.strides[d];
      return { ...x, offset: sizeOf(e.shape) === 0 ? 0 : offset, shape: e.shape, strides: e.step.map((s, d) => s * x.strides[d]) };
    }
    case 'reshape': {
      const x = toContiguous(evaluate(e.x));
      return { ...x, shape: e.shape, strides: cStrides(e.shape) };
    }
    case 'assemble': return assemble(e);
  }
}

function assemble(e: Extract<BlockExpr, { k: 'assemble' }>): Block {
  const out = allocate(e.dtype, sizeOf(e.shape)) as unknown as { [i: number]: number | bigint };
  const os = cStrides(e.shape);
  for (const part of e.parts) {
    const p = cast(evaluate(part.x), e.dtype);
    const src = p.data as unknown as { [i: number]: number | bigint };
    let start = 0;
    for (let d = 0; d < os.length; d++) start += part.at[d] * os[d];
    const last = p.shape.length - 1;
    const ps = last >= 0 ? p.strides[last] : 0;
    const qs = last >= 0 ? os[last] : 0;
    forEachRow(p.shape, [p.strides, os], [p.offset, start], (offs, n) => {
      let i = offs[0];
      let o = offs[1];
      for (let k = 0; k < n; k++, i += ps, o += qs) out[o] = src[i];
    });
  }
  return contiguous(out as unknown as TypedArray, e.dtype, e.shape);
}
