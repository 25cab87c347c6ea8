/** Walks a block for a reduction: each row with its element offset, output-cell offset and index offset. */
import { forEachRow } from '../block.js';
import type { FoldInput } from './reduction.js';

export type RowFn = (x: number, cell: number, idx: number, n: number, xs: number, cs: number, is: number) => void;

export function foldRows(input: FoldInput, row: RowFn): void {
  const { block, outStrides, idxStrides, idxOffset } = input;
  const last = block.shape.length - 1;
  const xs = last >= 0 ? block.strides[last] : 0;
  const cs = last >= 0 ? outStrides[last] : 0;
  const is = last >= 0 ? idxStrides[last] : 0;
  forEachRow(block.shape, [block.strides, outStrides, idxStrides], [block.offset, 0, idxOffset], (offs, n) => row(offs[0], offs[1], offs[2], n, xs, cs, is));
}
