/**
 * Maps rows of key columns to dense group ids, and remembers each group's key values.
 *
 * Each key column is first mapped to a per-key id (numbers through NumHash; strings through
 * their dictionary codes, so a string is looked up once per distinct value, not per row);
 * several keys' ids form a tuple, looked up in one open-addressing table (one probe per row,
 * not one hash table per extra key). Rows with a null
 * key get id -1 unless null keys are kept, in which case null is one more key value.
 * Used both inside workers (rows → groups) and when merging partials (partial groups → groups).
 */
import type { DType } from '../types/dtype.js';
import { isConstant, type Column } from './column.js';
import { NumHash } from './num-hash.js';
import { isUniqueDictionary, markUnique } from './unique-dictionary.js';
import { doubledSlots } from './probe-slots.js';
import { anchorShape } from './shape-anchor.js';
import { ByteDictionary } from '../io/csv/byte-dictionary.js';
import { NULL_KEY_BYTES, StringBytes, stringAt, type PackedStrings } from './string-bytes.js';

interface KeyMapper {
  /**
   * Per-key ids for n rows (-1 = null); whether they are all out[0] — true, false, or null when
   * it did not look. `packed`: a string column's dictionary, as bytes (its `dict` is left out).
   */
  map(c: Column, n: number, out: Int32Array, packed: PackedStrings | null): boolean | null;
  /** Column of key values for per-key ids (whole: see GroupIndex.keyColumns). */
  column(ids: Int32Array, n: number, whole: boolean): Column;
  /** One more than the largest id handed out so far (after map). */
  idBound(): number;
  /** Room for `keys` more distinct keys (a hint). */
  reserve(keys: number): void;
}

export class GroupIndex {
  private readonly mappers: KeyMapper[];
  /** Several keys: the groups' tuples of per-key ids. */
  private readonly tuples: TupleTable | null;
  /**
   * One key: the per-key id of each group. One array, not a list of them: a list grown by
   * `Array#map` had another hidden class than the literal it replaced, and the compiled
   * map/addGroup bailed out at the first group past the first 64 ("wrong map").
   */
  private groupKey = new Int32Array(64);
  size = 0;
  /**
   * The group of every row of the last `map` when one key's rows all fell in one group (a
   * Parquet row group's year, a time series' day, a file of one key), else -1: a reduction may
   * then fold the batch into that group without reading its ids (Reduction.update's `one`).
   */
  uniform = -1;
  /** Per key, its ids of the last batch (made with the index: an array that grows by push changed its hidden class in map). */
  private scratch: Int32Array[];
  /**
   * One key that is not a string: its mapper's ids are dense and given in the order rows first
   * show them (NumberKeys, one per index), which is the groups' order too — so the id is the
   * group, and no row looks its group up (db-benchmark q5's 100 k int keys: a random read a row
   * out of a 400 kB table, ~0.2 s a worker). A string key's ids are its dictionary's codes.
   */
  private readonly idsAreGroups: boolean;

  constructor(readonly dtypes: readonly DType[], readonly keepNullKeys: boolean) {
    this.mappers = dtypes.map((t) => (t === 'string' ? new StringKeys(keepNullKeys) : new NumberKeys(t, keepNullKeys)));
    this.idsAreGroups = dtypes.length === 1 && dtypes[0] !== 'string';
    this.tuples = dtypes.length > 1 ? new TupleTable(dtypes.length) : null;
    this.scratch = Array.from(dtypes, () => new Int32Array(1024));
  }

  /**
   * Group ids of n rows (-1 = dropped because of a null key). Reuses `out` if big enough.
   * `packed[k]`: string key k's dictionary as bytes (a partial's piece: physical/packed-partial.ts).
   */
  map(keys: readonly Column[], n: number, out?: Int32Array, packed?: readonly (PackedStrings | null)[]): Int32Array {
    const gids = out && out.length >= n ? out : new Int32Array(n);
    const nk = this.mappers.length;
    // one key: whether its mapper saw every row map to one id (null: it did not look)
    let same: boolean | null = null;
    for (let k = 0; k < nk; k++) {
      if (this.scratch[k].length < n) this.scratch[k] = new Int32Array(Math.max(n, 1024));
      // a key the scan filled with one value (markConstant): its first row's id is every row's,
      // and below only ids[0] is read (a Parquet row group's year: ~3 passes over its rows saved)
      const bytes = packed?.[k] ?? null;
      if (nk === 1 && n > 0 && isConstant(keys[k])) {
        this.mappers[k].map(keys[k], 1, this.scratch[k], bytes);
        same = true;
      } else same = this.mappers[k].map(keys[k], n, this.scratch[k], bytes);
    }
    this.uniform = -1;
    if (nk === 1) {
      // room for every group this batch may add, and (a string key) every id its mapper has
      // handed out, before the loops: grown inside them, the doubling first ran after V8 had
      // compiled map on the stack, without type feedback, and map bailed out there (db-benchmark
      // q8: map compiled 17 times over two workers, bailing out 5)
      if (this.size + n > this.groupKey.length) {
        const grown = new Int32Array(Math.max(this.size + n, this.groupKey.length * 2));
        grown.set(this.groupKey.subarray(0, this.size));
        this.groupKey = grown;
      }
      const bound = this.idsAreGroups ? 0 : this.mappers[0].idBound();
      if (bound > this.keyToGroup.length) this.growKeyToGroup(bound - 1);
      // key ids cover every dictionary entry; groups exist only for keys seen in rows. A run of
      // one key (a time series' year, a Parquet row group's) takes its group from the row before;
      // a batch of one key (the mapper says so, or a scan that stops at its first other key finds it) is filled.
      const ids = this.scratch[0];
      if (n > 0 && ids[0] >= 0 && same !== false) {
        const first = ids[0];
        let i = same ? n : 1;
        while (i < n && ids[i] === first) i++;
        if (i === n) {
          if (this.idsAreGroups) {
            if (first >= this.size) this.addGroup(first, 0);
            gids.fill(first, 0, n);
            this.uniform = first;
            return gids;
          }
          if (first >= this.keyToGroup.length) this.growKeyToGroup(first);
          let g = this.keyToGroup[first];
          if (g < 0) { g = this.size; this.keyToGroup[first] = g; this.addGroup(g, 0); }
          gids.fill(g, 0, n);
          this.uniform = g;
          return gids;
        }
      }
      if (this.idsAreGroups) {
        // a new id is the next group (ids < 0: dropped null keys, no group)
        let size = this.size;
        for (let i = 0; i < n; i++) {
          const id = ids[i];
          gids[i] = id;
          if (id >= size) { this.addGroup(id, i); size = id + 1; }
        }
        return gids;
      }
      let lastId = -2;
      let lastG = -1;
      for (let i = 0; i < n; i++) {
        const id = ids[i];
        if (id === lastId) { gids[i] = lastG; continue; }
        lastId = id;
        if (id < 0) { gids[i] = lastG = -1; continue; }
        if (id >= this.keyToGroup.length) this.growKeyToGroup(id);
        let g = this.keyToGroup[id];
        if (g < 0) { g = this.size; this.keyToGroup[id] = g; this.addGroup(g, i); }
        gids[i] = lastG = g;
      }
      return gids;
    }
    const tuples = this.tuples!;
    tuples.mapRows(this.scratch, n, gids);
    this.size = tuples.size;
    return gids;
  }

  /** Room for about `keys` more distinct keys of one key column, made before mapping rows (a hint; grown as needed either way). */
  reserve(keys: number): void {
    if (this.mappers.length === 1) this.mappers[0].reserve(keys);
  }

  private keyToGroup = new Int32Array(64).fill(-1);

  private growKeyToGroup(id: number): void {
    const next = new Int32Array(Math.max(id + 1, this.keyToGroup.length * 2)).fill(-1);
    next.set(this.keyToGroup);
    this.keyToGroup = next;
  }

  private addGroup(id: number, row: number): void {
    // groups are dense and first seen in order: a new group is the next one, never one past it
    // (where a mapper's ids are the groups, one past it would leave a group without a key)
    if (id !== this.size) throw new Error(`floe internal error: group ${id} added after ${this.size} groups`);
    // map made room for its batch's groups before its loops
    if (id >= this.groupKey.length) throw new Error(`floe internal error: group ${id} past the ${this.groupKey.length} made room for`);
    this.groupKey[id] = this.scratch[0][row];
    this.size = id + 1;
  }

  /**
   * The key values of every group, as one column per key. A string key's dictionary holds only
   * the groups' strings, unless `whole`: then it is every string the index has met (the scan's
   * dictionary itself, when its codes were the ids), for a caller that cuts the column into
   * pieces and compacts each (splitPartial) — a flush of a 1 M-id key copied it twice.
   */
  keyColumns(whole = false): Column[] {
    if (this.tuples) return this.mappers.map((m, k) => m.column(this.tuples!.key(k), this.size, whole));
    return this.mappers.map((m) => m.column(this.groupKey, this.size, whole));
  }
}

/** A tuple's hash: each key's id mixed in, then finished (the same for rows and for stored groups). */
const TUPLE_SEED = 0x9e3779b1 | 0;
function mixId(h: number, x: number): number {
  const m = Math.imul(h ^ x, 0x85ebca6b);
  return m ^ (m >>> 13);
}
function finishHash(h: number): number {
  const m = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return m ^ (m >>> 15);
}

/** Bits of a direct table's index past which several keys go through the hash table (2^18 slots: 1 MB). */
const DIRECT_BITS = 18;

/**
 * Groups of several keys: an open-addressing table over tuples of per-key ids, stored row by
 * row (one group's ids share a cache line), with each slot's hash kept to skip most tuple
 * comparisons. Group ids are dense, in first-seen order.
 *
 * While every key has few ids (two keys of 100 values each: db-benchmark q2, q6, q9), the ids
 * side by side in bits index a direct table instead — no hash, no probe, no comparison (DuckDB's
 * perfect hash aggregate); a key outgrowing its bits rebuilds the table wider, and past
 * DIRECT_BITS in all the groups move to the hash table for good.
 */
class TupleTable {
  /** group + 1 per slot; 0 = empty (filled once the table is hashed). */
  private slots = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  private mask = 1023;
  private tuples: Int32Array;
  size = 0;
  /** Direct mode: group + 1 at each composite of ids (key k's id in bits[k] bits), else null (hashed). */
  private direct: Int32Array | null = new Int32Array(1);
  private readonly bits: Int32Array;

  constructor(private readonly nk: number) {
    this.tuples = new Int32Array(64 * nk);
    this.bits = new Int32Array(nk);
  }

  /** The groups of n rows of per-key ids (-1 where a key is -1, a dropped null). */
  mapRows(ids: readonly Int32Array[], n: number, gids: Int32Array): void {
    if (this.direct !== null) this.fitDirect(ids, n);
    const direct = this.direct;
    if (direct === null) {
      for (let i = 0; i < n; i++) gids[i] = this.id(ids, i);
      return;
    }
    const nk = this.nk;
    const bits = this.bits;
    if (nk === 2) {
      const a = ids[0];
      const b = ids[1];
      const shift = bits[1];
      for (let i = 0; i < n; i++) {
        const x = a[i];
        const y = b[i];
        if (x < 0 || y < 0) { gids[i] = -1; continue; }
        const c = (x << shift) | y;
        const g1 = direct[c];
        gids[i] = g1 !== 0 ? g1 - 1 : this.addDirect(ids, i, c);
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      let c = 0;
      let k = 0;
      for (; k < nk; k++) {
        const x = ids[k][i];
        if (x < 0) break;
        c = (c << bits[k]) | x;
      }
      if (k < nk) { gids[i] = -1; continue; }
      const g1 = direct[c];
      gids[i] = g1 !== 0 ? g1 - 1 : this.addDirect(ids, i, c);
    }
  }

  /** Widens the direct table for this batch's largest ids, or gives it up for the hash table. */
  private fitDirect(ids: readonly Int32Array[], n: number): void {
    const nk = this.nk;
    let total = 0;
    let wider = false;
    const want = new Int32Array(nk);
    for (let k = 0; k < nk; k++) {
      const a = ids[k];
      let m = 0;
      for (let i = 0; i < n; i++) if (a[i] > m) m = a[i];
      let b = this.bits[k];
      while (m >= 1 << b) b++;
      if (b > this.bits[k]) wider = true;
      want[k] = b;
      total += b;
    }
    if (!wider) return;
    if (total > DIRECT_BITS) {
      this.direct = null;
      this.rehashAll();
      return;
    }
    this.bits.set(want);
    const direct = new Int32Array(1 << total);
    for (let g = 0; g < this.size; g++) {
      let c = 0;
      for (let k = 0; k < nk; k++) c = (c << want[k]) | this.tuples[g * nk + k];
      direct[c] = g + 1;
    }
    this.direct = direct;
  }

  private addDirect(ids: readonly Int32Array[], row: number, c: number): number {
    const g = this.append(ids, row);
    this.direct![c] = g + 1;
    return g;
  }

  /** Every group into the hash table (leaving direct mode). */
  private rehashAll(): void {
    const nk = this.nk;
    let cap = 1024;
    while (this.size * 2 > cap) cap *= 2;
    this.slots = new Int32Array(cap);
    this.hashes = new Int32Array(cap);
    this.mask = cap - 1;
    for (let g = 0; g < this.size; g++) {
      let h = TUPLE_SEED;
      for (let k = 0; k < nk; k++) h = mixId(h, this.tuples[g * nk + k]);
      h = finishHash(h);
      let s = h & this.mask;
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.slots[s] = g + 1;
      this.hashes[s] = h;
    }
  }

  /** A new group with row `row`'s ids. */
  private append(ids: readonly Int32Array[], row: number): number {
    const nk = this.nk;
    const g = this.size++;
    if ((g + 1) * nk > this.tuples.length) {
      const next = new Int32Array(this.tuples.length * 2);
      next.set(this.tuples);
      this.tuples = next;
    }
    for (let k = 0; k < nk; k++) this.tuples[g * nk + k] = ids[k][row];
    return g;
  }

  /** The group of row `row` of the per-key ids (-1 when any key is -1, a dropped null), through the hash table. */
  private id(ids: readonly Int32Array[], row: number): number {
    const nk = this.nk;
    let h = TUPLE_SEED;
    for (let k = 0; k < nk; k++) {
      const x = ids[k][row];
      if (x < 0) return -1;
      h = mixId(h, x);
    }
    h = finishHash(h);
    const slots = this.slots;
    const tuples = this.tuples;
    let s = h & this.mask;
    for (;;) {
      const g1 = slots[s];
      if (g1 === 0) break;
      if (this.hashes[s] === h) {
        const base = (g1 - 1) * nk;
        let k = 0;
        while (k < nk && tuples[base + k] === ids[k][row]) k++;
        if (k === nk) return g1 - 1;
      }
      s = (s + 1) & this.mask;
    }
    const g = this.append(ids, row);
    slots[s] = g + 1;
    this.hashes[s] = h;
    if (this.size * 2 > slots.length) this.grow();
    return g;
  }

  /** Key k's id of every group. */
  key(k: number): Int32Array {
    const out = new Int32Array(this.size);
    for (let g = 0; g < this.size; g++) out[g] = this.tuples[g * this.nk + k];
    return out;
  }

  private grow(): void {
    ({ slots: this.slots, hashes: this.hashes, mask: this.mask } = doubledSlots(this.slots, this.hashes));
  }
}

const SMALL = 4096;
/** Integer keys below this go through NumberKeys' direct table (4 bytes an entry: 4 MB at most). */
const DIRECT = 1 << 20;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

class NumberKeys implements KeyMapper {
  private readonly hash = new NumHash();
  private readonly bigIds = new Map<bigint, number>();
  private readonly bigOf = new Map<number, bigint>();
  private small: Int32Array = new Int32Array(SMALL).fill(-1);
  private nullId = -1;

  constructor(private readonly dtype: DType, private readonly keepNull: boolean) {}

  map(c: Column, n: number, out: Int32Array): boolean | null {
    const v = c.values;
    const valid = c.valid;
    if (v instanceof BigInt64Array) {
      // exact: keys beyond 2^53 get their own ids; smaller ones share the number table
      for (let i = 0; i < n; i++) {
        if (valid && valid[i] === 0) { out[i] = this.nullKey(); continue; }
        const b = v[i];
        if (b <= MAX_SAFE && b >= MIN_SAFE) { out[i] = this.hash.id(Number(b)); continue; }
        let id = this.bigIds.get(b);
        if (id === undefined) { id = this.hash.fresh(Number(b)); this.bigIds.set(b, id); this.bigOf.set(id, b); }
        out[i] = id;
      }
      return null;
    }
    const hash = this.hash;
    // non-negative integers below DIRECT (years, codes, ids up to a million) skip hashing through
    // a direct table, grown to the largest such key seen; nulls too (db-benchmark's keys have 5 %)
    let small: Int32Array = this.small;
    // a run of one value (a time series' year) takes its id from the row before (NaN never equals: hashed each time)
    let lastX = Number.NaN;
    let lastId = -1;
    // a batch of one value (a Parquet row group's year) is found by a scan that stops at its
    // first other value; its first row is then mapped and its id filled in
    let rows = n;
    if (valid === null && n > 1) {
      const x0 = v[0];
      let i = 1;
      while (i < n && v[i] === x0) i++;
      if (i === n) rows = 1;
    }
    for (let i = 0; i < rows; i++) {
      if (valid !== null && valid[i] === 0) { out[i] = this.nullKey(); continue; }
      const x = v[i] as number;
      if (x === lastX) { out[i] = lastId; continue; }
      const k = x | 0;
      let id: number;
      if (k === x && k >= 0 && k < DIRECT) {
        if (k >= small.length) small = this.growSmall(k);
        id = small[k];
        if (id < 0) { id = hash.id(x); small[k] = id; }
      } else id = hash.id(x);
      out[i] = lastId = id;
      lastX = x;
    }
    if (rows < n) out.fill(out[0], 1, n);
    return valid === null ? rows < n || n === 1 : null;
  }

  private growSmall(k: number): Int32Array {
    const next = new Int32Array(Math.min(DIRECT, 2 ** Math.ceil(Math.log2(k + 1)))).fill(-1);
    next.set(this.small);
    this.small = next;
    return next;
  }

  private nullKey(): number {
    if (!this.keepNull) return -1;
    if (this.nullId < 0) this.nullId = this.hash.fresh(0); // an id no value maps to: NaN is a key of its own, not null
    return this.nullId;
  }

  idBound(): number {
    return this.hash.size;
  }

  reserve(keys: number): void {
    this.hash.reserve(keys);
  }

  column(ids: Int32Array, n: number): Column {
    const vals = this.hash.values;
    const isNull = (id: number): boolean => id === this.nullId && this.nullId >= 0;
    const valid = this.nullId >= 0 ? new Uint8Array(n) : null;
    const t = this.dtype;
    if (this.bigOf.size > 0) {
      const big = new BigInt64Array(n);
      for (let i = 0; i < n; i++) {
        const id = ids[i];
        big[i] = isNull(id) ? 0n : this.bigOf.get(id) ?? BigInt(vals[id]);
        if (valid) valid[i] = isNull(id) ? 0 : 1;
      }
      return { dtype: t, length: n, values: big, valid };
    }
    const values = t === 'bool' ? new Uint8Array(n) : t === 'date' ? new Int32Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) {
      values[i] = isNull(ids[i]) ? 0 : vals[ids[i]];
      if (valid) valid[i] = isNull(ids[i]) ? 0 : 1;
    }
    return { dtype: t, length: n, values, valid };
  }
}

/** Dictionary entries encoded and looked up together (bounds StringKeys' scratch). */
const INTERN_CHUNK = 4096;

class StringKeys implements KeyMapper {
  /**
   * Outside identity mode, a string's key id is its code here: strings are looked up by their
   * bytes (string-bytes.ts), a batch of a dictionary's new entries at a time — ~140 ns a lookup
   * among 1 M strings, where a `Map`'s each waited out its own cache misses (~500 ns).
   */
  private ids: ByteDictionary | null = null;
  private readonly bytes = new StringBytes();
  private codes = new Int32Array(INTERN_CHUNK);
  /** The string of each key id (the null key's: a placeholder ''). */
  strings: string[] = [];
  private nullId = -1;
  private lastDict: readonly string[] | null = null;
  private codeToId = new Int32Array(0);
  private mapped = 0;
  /**
   * While every batch carries the same dictionary (one partition in a worker), its codes are
   * the key ids themselves: no string is ever looked up. Only for a dictionary known to hold each
   * string once (unique-dictionary.ts): one that repeats a string would make two groups of it.
   * With null keys kept and nulls in the first batch, ids are codes + 1 and id 0 is the null
   * key (`offset` 1), so the nulls of db-benchmark-like data keep this path. A second
   * dictionary (merging partials), or a null key first met after identity began without the
   * offset, switches to looking strings up in `ids`.
   */
  private identity: readonly string[] | null = null;
  /** In identity mode: key id = code + offset; offset 1 reserves id 0 for the null key. */
  private offset = 0;

  constructor(private readonly keepNull: boolean) {}

  map(c: Column, n: number, out: Int32Array, packed: PackedStrings | null): null {
    if (packed !== null) {
      this.internPacked(packed);
      this.idsOfCodes(c, n, out);
      return null;
    }
    const dict = c.dict!;
    if (this.identity === null && this.strings.length === 0 && this.lastDict === null && isUniqueDictionary(dict)) {
      this.identity = dict;
      this.offset = this.keepNull && c.valid !== null ? 1 : 0;
      if (this.offset === 1) this.nullId = 0;
    }
    if (this.identity !== null) {
      if (dict === this.identity && (c.valid === null || !this.keepNull || this.offset === 1)) {
        const codes = c.values as Int32Array;
        const valid = c.valid;
        if (this.offset === 1) {
          if (valid === null) for (let i = 0; i < n; i++) out[i] = codes[i] + 1;
          else for (let i = 0; i < n; i++) out[i] = valid[i] === 0 ? 0 : codes[i] + 1;
        } else if (valid === null) out.set(codes.subarray(0, n));
        else for (let i = 0; i < n; i++) out[i] = valid[i] === 0 ? -1 : codes[i];
        return null;
      }
      this.leaveIdentity();
    }
    if (dict !== this.lastDict) { this.lastDict = dict; this.mapped = 0; }
    if (this.codeToId.length < dict.length) {
      const next = new Int32Array(Math.max(dict.length, this.codeToId.length * 2));
      next.set(this.codeToId.subarray(0, this.mapped));
      this.codeToId = next;
    }
    this.intern(dict, this.mapped, dict.length);
    this.mapped = dict.length;
    this.idsOfCodes(c, n, out);
    return null;
  }

  /** The key ids of n rows, through codeToId. */
  private idsOfCodes(c: Column, n: number, out: Int32Array): void {
    const codes = c.values as Int32Array;
    const map = this.codeToId;
    const valid = c.valid;
    if (valid === null) for (let i = 0; i < n; i++) out[i] = map[codes[i]];
    else for (let i = 0; i < n; i++) out[i] = valid[i] === 0 ? this.nullKey() : map[codes[i]];
  }

  /**
   * codeToId of a dictionary packed as bytes: its entries are looked up as they are (no string
   * made and encoded again), and only a new key's string is cut from them.
   */
  private internPacked(packed: PackedStrings): void {
    if (this.identity !== null) this.leaveIdentity();
    this.lastDict = null;
    this.mapped = 0;
    const { offsets, data } = packed;
    const count = offsets.length - 1;
    const ids = this.table(count);
    if (this.codeToId.length < count) this.codeToId = new Int32Array(Math.max(count, this.codeToId.length * 2));
    internPackedEntries(ids, data, offsets, count, this.codes, this.strings, this.codeToId);
    ids.dropView();
  }

  /** codeToId of dict's entries [from, to): each string's id, new ones given the next ids. */
  private intern(dict: readonly string[], from: number, to: number): void {
    const ids = this.table(to - from);
    const { bytes, codes, strings } = this;
    for (let a = from; a < to; a += INTERN_CHUNK) {
      const m = Math.min(INTERN_CHUNK, to - a);
      bytes.encode(dict, a, a + m);
      ids.internMany(bytes.buf, bytes.starts, bytes.ends, m, codes);
      for (let j = 0; j < m; j++) {
        const id = codes[j];
        // new ids come in order: the first entry of each is the next id
        if (id === strings.length) strings.push(dict[a + j]);
        this.codeToId[a + j] = id;
      }
    }
  }

  /** The id table, made at first use sized for `expected` strings (the first dictionary's, so a partial's merge does not regrow it from empty). */
  private table(expected = 0): ByteDictionary {
    return (this.ids ??= new ByteDictionary(Math.max(1024, expected), true, false));
  }

  private leaveIdentity(): void {
    const dict = this.identity!;
    const off = this.offset;
    this.identity = null;
    this.offset = 0;
    // ids already handed out stay valid: the dictionary holds each string once, so its entries
    // take ids 0.. (1.. after the null key's 0, with the offset) in order
    this.table(dict.length + off);
    if (off === 1) this.nullId = this.internNull();
    this.codeToId = new Int32Array(dict.length);
    this.intern(dict, 0, dict.length);
    this.lastDict = dict;
    this.mapped = dict.length;
  }

  private nullKey(): number {
    if (!this.keepNull) return -1;
    if (this.nullId < 0) this.nullId = this.internNull();
    return this.nullId;
  }

  /** A key id for the null key: bytes no string has (string-bytes.ts), its string a placeholder. */
  private internNull(): number {
    const id = this.table().intern(NULL_KEY_BYTES, 0, 1);
    this.strings.push('');
    return id;
  }

  /** A string key's ids are its dictionaries' codes or interned as met: nothing to size ahead. */
  reserve(): void {}

  idBound(): number {
    // identity: the codes (after the null key's id 0, with the offset); else one id a string, the null key's placeholder included
    return this.identity !== null ? this.identity.length + this.offset : this.strings.length;
  }

  column(ids: Int32Array, n: number, whole: boolean): Column {
    let valid: Uint8Array | null = null;
    if (this.nullId >= 0) {
      valid = new Uint8Array(n);
      for (let i = 0; i < n; i++) valid[i] = ids[i] === this.nullId ? 0 : 1;
    }
    if (whole) return this.wholeColumn(ids, n, valid);
    if (this.identity !== null && this.offset === 1) return this.offsetColumn(ids, n, valid!);
    const source = this.identity ?? this.strings;
    // `strings` holds a placeholder '' for the null key: beside a real '' it is not unique, and a
    // dictionary marked unique with '' twice split the '' group in two where partials merged
    const placeholder = this.identity === null && this.nullId >= 0;
    if (source.length <= 2 * n && !placeholder) return { dtype: 'string', length: n, values: Int32Array.from(ids.subarray(0, n)), valid, dict: markUnique(source.slice()) };
    // far fewer groups than strings seen (a partial flushed early, a scan's whole dictionary), or
    // the null key's placeholder: only the groups' own strings, or every flush would copy the
    // whole dictionary again
    const remap = new Int32Array(source.length).fill(-1);
    const dict: string[] = markUnique([]);
    const values = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const id = ids[i];
      if (valid !== null && valid[i] === 0) continue;
      let code = remap[id];
      if (code < 0) { code = dict.length; remap[id] = code; dict.push(source[id]); }
      values[i] = code;
    }
    return { dtype: 'string', length: n, values, valid, dict };
  }

  /** Codes into every string met: the identity dictionary (without the null offset), or `strings` (not marked unique: it may hold the null key's placeholder). */
  private wholeColumn(ids: Int32Array, n: number, valid: Uint8Array | null): Column {
    const off = this.identity !== null ? this.offset : 0;
    const values = new Int32Array(n);
    for (let i = 0; i < n; i++) values[i] = valid !== null && valid[i] === 0 ? 0 : ids[i] - off;
    return { dtype: 'string', length: n, values, valid, dict: this.identity ?? this.strings };
  }

  /** Key column in identity mode with the null offset: id 0 is null, id k is code k - 1. */
  private offsetColumn(ids: Int32Array, n: number, valid: Uint8Array): Column {
    const source = this.identity!;
    const values = new Int32Array(n);
    if (source.length <= 2 * n) {
      for (let i = 0; i < n; i++) values[i] = ids[i] === 0 ? 0 : ids[i] - 1;
      return { dtype: 'string', length: n, values, valid, dict: markUnique(source.slice()) };
    }
    const remap = new Int32Array(source.length).fill(-1);
    const dict: string[] = markUnique([]);
    for (let i = 0; i < n; i++) {
      const id = ids[i];
      if (id === 0) continue;
      let code = remap[id - 1];
      if (code < 0) { code = dict.length; remap[id - 1] = code; dict.push(source[id - 1]); }
      values[i] = code;
    }
    return { dtype: 'string', length: n, values, valid, dict };
  }
}

// keeps the hidden classes of the index and its key mappers across a worker's tasks (shape-anchor.ts)
anchorShape(new GroupIndex(['string'], true));
anchorShape(new GroupIndex(['string', 'int64', 'float64'], true));

// NumberKeys.map called 30 times when the module loads, on a throwaway mapper (as sum.ts's
// addRuns): a batch's first call was compiled on stack replacement inside its scan for one
// value, and the compares after it, never run yet, had no type feedback — that code was thrown
// away at the end of the call and compiled again ~100 times a worker on the Parquet seed (a row
// group's year: every batch one value; `--trace-deopt`), each batch's scan interpreted meanwhile.
{
  const keys = new NumberKeys('int64', true);
  const out = new Int32Array(8);
  const same: Column = { dtype: 'int64', length: 8, values: new Float64Array(8).fill(2021), valid: null };
  const mixed: Column = { dtype: 'int64', length: 8, values: Float64Array.of(1, 2, 2, 3.5, -1, 2 ** 40, 7, 7), valid: null };
  const nulls: Column = { dtype: 'int64', length: 8, values: mixed.values, valid: Uint8Array.of(1, 0, 1, 1, 1, 1, 0, 1) };
  for (let k = 0; k < 30; k++) keys.map([same, mixed, nulls][k % 3], 8, out);
}

/**
 * GroupIndex.internPacked's loop: each packed entry's id into codeToId, a new key's string cut
 * from the bytes. A function of its own, nothing after its loop: inside the method, V8 compiled
 * it on the stack during a long first call and stopped at the code after the loop (no feedback
 * there yet) on later calls (PROFILE.md, "code after a long loop").
 */
function internPackedEntries(ids: ByteDictionary, data: Uint8Array, offsets: Int32Array, count: number, codes: Int32Array, strings: string[], codeToId: Int32Array): void {
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (let a = 0; a < count; a += INTERN_CHUNK) {
    const m = Math.min(INTERN_CHUNK, count - a);
    ids.internMany(data, offsets.subarray(a, a + m), offsets.subarray(a + 1, a + m + 1), m, codes);
    for (let j = 0; j < m; j++) {
      const id = codes[j];
      if (id === strings.length) strings.push(stringAt(text, offsets[a + j], offsets[a + j + 1]));
      codeToId[a + j] = id;
    }
  }
}
