/**
 * A piece of a partial aggregate on its way to a reduce task (map worker → driver → reduce
 * worker) carries its string keys' dictionaries as bytes and offsets (kernels/string-bytes.ts),
 * not as arrays of strings. Structured cloning writes and reads every string one by one, and the
 * driver clones each reduce task's pieces again to send them on (it keeps them, for a rerun):
 * db-benchmark q3's and the strings benchmark's 100 k ids were 400 k strings a run, ~25 ms of
 * the driver's time per reduce task before the task could start, and as much again to read them
 * in the reduce. Bytes are copied whole, and the reduce looks the keys up by them as they are
 * (GroupIndex.map's `packed`): only a key new to it becomes a string.
 */
import type { Column } from '../kernels/column.js';
import { packStrings } from '../kernels/string-bytes.js';
import type { PartialAggregate } from './pipeline-spec.js';

/** Dictionary entries below which a key's strings travel as they are (a flag column's few). */
const PACK_FROM = 256;

/** `p` with each string key's dictionary (of at least PACK_FROM entries) packed: its column has no `dict`, `packed[k]` has its bytes. */
export function packPartial(p: PartialAggregate): PartialAggregate {
  if (!p.keys.some(packs)) return p;
  const packed = p.keys.map((c) => (packs(c) ? packStrings(c.dict!) : null));
  const keys = p.keys.map((c, k): Column => (packed[k] ? { dtype: c.dtype, length: c.length, values: c.values, valid: c.valid } : c));
  return { ...p, keys, packed };
}

function packs(c: Column): boolean {
  return c.dtype === 'string' && c.dict !== undefined && c.dict.length >= PACK_FROM;
}
