/**
 * Stable content hashes for task keys (`cube-1a2b…`, 128 bits): the same function called with
 * the same arguments gets the same key, so a graph built from several delayed values shares
 * their common work once. Values that have no content to hash (class instances, symbols,
 * functions) hash by identity within this process.
 */
import type { Hash } from 'node:crypto';
import { createRequire } from 'node:module';

/** node:crypto loads ~25 internal modules (~6–10 ms a thread): required when the first key is hashed, not with floe. */
let createHash: typeof import('node:crypto').createHash | null = null;

const identities = new WeakMap<object, number>();
let nextIdentity = 1;

export function tokenize(...parts: unknown[]): string {
  createHash ??= (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).createHash;
  const h = createHash('sha1');
  for (const p of parts) feed(h, p, 0);
  // 128 bits, as Dask's keys: with 40 a 100 k-task graph met two tasks of one key about once in
  // 200 (and kept only the first: sq(212707) and sq(1112216) answered alike)
  return h.digest('hex').slice(0, 32);
}

function feed(h: Hash, v: unknown, depth: number): void {
  if (depth > 64) throw new RangeError('value is nested too deeply to use as a task argument');
  switch (typeof v) {
    case 'undefined': h.update('u;'); return;
    case 'boolean': h.update(v ? 't;' : 'f;'); return;
    case 'number': h.update(`n${Object.is(v, -0) ? '-0' : String(v)};`); return;
    case 'bigint': h.update(`b${v};`); return;
    // as UTF-16 code units: as UTF-8 every lone surrogate ('\ud800', '\udc00') is U+FFFD, one key
    case 'string': h.update(`s${v.length}:`); h.update(v, 'utf16le'); return;
    case 'symbol':
    case 'function': h.update(`i${identity(v as object)};`); return;
    default: break;
  }
  if (v === null) { h.update('z;'); return; }
  const o = v as object;
  if (ArrayBuffer.isView(o)) {
    h.update(`v${o.constructor.name}${o.byteLength}:`);
    h.update(new Uint8Array(o.buffer, o.byteOffset, o.byteLength));
    return;
  }
  if (o instanceof ArrayBuffer) { h.update(`ab${o.byteLength}:`); h.update(new Uint8Array(o)); return; }
  if (o instanceof Date) { h.update(`d${o.getTime()};`); return; }
  if (Array.isArray(o)) {
    h.update(`a${o.length}[`);
    for (const x of o) feed(h, x, depth + 1);
    h.update(']');
    return;
  }
  if (o instanceof Map) {
    h.update(`m${o.size}{`);
    for (const [k, x] of o) { feed(h, k, depth + 1); feed(h, x, depth + 1); }
    h.update('}');
    return;
  }
  if (o instanceof Set) {
    h.update(`e${o.size}{`);
    for (const x of o) feed(h, x, depth + 1);
    h.update('}');
    return;
  }
  const proto = Object.getPrototypeOf(o);
  if (proto === Object.prototype || proto === null) {
    const keys = Object.keys(o).sort();
    h.update(`o${keys.length}{`);
    for (const k of keys) { feed(h, k, depth + 1); feed(h, (o as Record<string, unknown>)[k], depth + 1); }
    h.update('}');
    return;
  }
  h.update(`i${identity(o)};`);
}

function identity(o: object | symbol): number {
  if (typeof o === 'symbol') return -1; // symbols cannot cross a thread anyway
  let id = identities.get(o);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(o, id);
  }
  return id;
}
