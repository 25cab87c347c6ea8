/**
 * Keys of keyed aggregations (groupBy, foldby, distinct, frequencies): how a key is told apart
 * and which bucket it goes to. Primitive keys are themselves (a Map compares them by
 * SameValueZero); arrays and plain objects are keyed by a canonical JSON text (object keys
 * sorted), so two equal-looking records are one key wherever they were read. The bucket is an
 * FNV-1a hash of the key's text: the same on every thread.
 */
const OBJECT_TAG = '\u0000obj:';

export type HashKey = string | number | boolean | bigint | null | undefined | symbol;

export function hashKey(v: unknown): HashKey {
  if (typeof v !== 'object' || v === null) return v as HashKey;
  return OBJECT_TAG + canonical(v);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  if (typeof v === 'bigint') return `${v}n`;
  if (v === undefined) return 'undefined';
  return JSON.stringify(v) ?? String(v);
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
