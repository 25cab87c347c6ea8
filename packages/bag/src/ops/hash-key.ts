/**
 * Keys of keyed aggregations (groupBy, foldby, distinct, frequencies): how a key is told apart
 * and which bucket it goes to. Primitive keys are themselves (a Map compares them by
 * SameValueZero: NaN is one key, 0 and -0 are one key, as in Python). Objects are keyed by a
 * canonical text that tags every value with its type, so two keys share a text only when they
 * are equal by content (an injective encoding of the values structured clone carries):
 *   numbers    1, NaN, Infinity, -Infinity (-0 as 0)     bigints  1n
 *   strings    JSON-quoted                                booleans, null, undefined  as words
 *   Dates      D(<ms>)                                    arrays   [a,b] (holes as undefined)
 *   objects    {"k":v} by sorted keys (Python's dicts are not hashable; here key order is ignored)
 *   Maps       M{k=>v,…}, Sets S{…}: entries sorted, so their order is ignored
 *   typed arrays, ArrayBuffers, RegExps, Errors and boxed primitives by type and content
 * A string key that starts with the object tag's NUL is tagged too, so no string can pass for
 * an object. The bucket is an FNV-1a hash of the key's text: the same on every thread.
 */
const OBJECT_TAG = '\u0000obj:';
const STRING_TAG = '\u0000str:';

export type HashKey = string | number | boolean | bigint | null | undefined | symbol;

export function hashKey(v: unknown): HashKey {
  if (typeof v === 'string') return v.charCodeAt(0) === 0 ? STRING_TAG + v : v;
  if (typeof v !== 'object' || v === null) return v as HashKey;
  return OBJECT_TAG + canonical(v);
}

/** Whether a string is its own hash key (the frequencies hot path skips hashKey for these). */
export function isOwnKey(s: string): boolean {
  return s.charCodeAt(0) !== 0;
}

function canonical(v: unknown): string {
  switch (typeof v) {
    case 'number':
      return String(v); // String(-0) is '0'
    case 'string':
      return JSON.stringify(v);
    case 'bigint':
      return `${v}n`;
    case 'object':
      return v === null ? 'null' : canonicalObject(v);
    case 'boolean':
    case 'undefined':
      return String(v);
    default:
      // functions and symbols cannot reach a task (structured clone refuses them)
      return `?${typeof v}(${String(v)})`;
  }
}

function canonicalObject(v: object): string {
  if (Array.isArray(v)) return `[${Array.from(v, canonical).join(',')}]`;
  if (v instanceof Date) return `D(${v.getTime()})`;
  if (v instanceof Map) return `M{${[...v].map(([k, x]) => `${canonical(k)}=>${canonical(x)}`).sort().join(',')}}`;
  if (v instanceof Set) return `S{${[...v].map(canonical).sort().join(',')}}`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).join(',')})`;
  if (v instanceof ArrayBuffer) return `ArrayBuffer(${new Uint8Array(v).join(',')})`;
  if (v instanceof RegExp) return `R(${JSON.stringify(v.source)},${JSON.stringify(v.flags)})`;
  if (v instanceof Error) return `E(${JSON.stringify(v.name)},${JSON.stringify(v.message)})`;
  if (v instanceof Number || v instanceof String || v instanceof Boolean || v instanceof BigInt) return `B(${canonical(v.valueOf())})`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

export function bucketOf(k: HashKey, p: number): number {
  if (p === 1) return 0;
  const s = typeof k === 'string' ? k : `${typeof k}:${String(k)}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % p;
}
