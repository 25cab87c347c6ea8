/**
 * A piece of a partial aggregate on its way to a reduce task (map worker → driver → reduce
 * worker) carries its string keys' dictionaries as UTF-8 bytes and offsets, not as arrays of
 * strings. Structured cloning writes and reads every string one by one, and the driver clones
 * each reduce task's pieces again to send them on (it keeps them, for a rerun): db-benchmark
 * q3's and the strings benchmark's 100 k ids were 400 k strings a run, ~25 ms of the driver's
 * time per reduce task before the task could start, and as much again to read them in the
 * reduce. Bytes are copied whole; the strings are cut from them once, where they are used.
 * Whether a dictionary held each string once (kernels/unique-dictionary.ts) travels with it,
 * which a cloned array of strings forgot.
 */
import type { Column } from '../kernels/column.js';
import { isUniqueDictionary, markUnique } from '../kernels/unique-dictionary.js';
import { packStrings, unpackStrings } from '../kernels/string-bytes.js';
import type { PartialAggregate } from './pipeline-spec.js';

export interface PackedDictionary {
  offsets: Int32Array;
  data: Uint8Array;
  unique: boolean;
}

/** Dictionary entries below which a key's strings travel as they are (a flag column's few). */
const PACK_FROM = 256;

/** `p` with each string key's dictionary (of at least PACK_FROM entries) packed: its column has no `dict` until unpackPartial. */
export function packPartial(p: PartialAggregate): PartialAggregate {
  if (!p.keys.some(packs)) return p;
  const packed = p.keys.map((c) => (packs(c) ? { ...packStrings(c.dict!), unique: isUniqueDictionary(c.dict!) } : null));
  const keys = p.keys.map((c, k): Column => (packed[k] ? { dtype: c.dtype, length: c.length, values: c.values, valid: c.valid } : c));
  return { ...p, keys, packed };
}

/** `p` with its packed dictionaries decoded back into its key columns (p itself when none is packed). */
export function unpackPartial(p: PartialAggregate): PartialAggregate {
  const packed = p.packed;
  if (packed === undefined) return p;
  const keys = p.keys.map((c, k): Column => {
    const d = packed[k];
    if (d === null) return c;
    const dict = unpackStrings(d.offsets, d.data);
    return { ...c, dict: d.unique ? markUnique(dict) : dict };
  });
  return { kind: p.kind, ngroups: p.ngroups, keys, states: p.states };
}

function packs(c: Column): boolean {
  return c.dtype === 'string' && c.dict !== undefined && c.dict.length >= PACK_FROM;
}
