/**
 * Result signatures: a small, order-independent fingerprint of a query's answer that every
 * contender computes the same way, so the suite can check that all of them agree without
 * shipping 100k result rows between processes.
 *
 * For a grouped result: the number of groups, the sum of the key hashes (exact, mod 2^32) and,
 * per aggregate column, Σ w(key) · value with a key-derived weight w in [1, 2). The weights make
 * the signature depend on which rows went into which group (a plain Σ of per-group sums would
 * not). Floats are compared with a relative tolerance.
 */

export interface Signature {
  /** Groups (grouped results) or rows (written output). */
  rows: number;
  /** Σ fnv1a(key text) mod 2^32. */
  keyHash: number;
  /** Per output column, in the query's column order: Σ w(key) · value. */
  columns: Record<string, number>;
}

/** 32-bit FNV-1a of a string's UTF-16 code units (keys here are ASCII). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Accumulates rows (key text + values by column name) into a Signature. */
export class SignatureBuilder {
  private rows = 0;
  private keyHash = 0;
  private readonly sums: Record<string, number> = {};

  constructor(private readonly columnNames: readonly string[], private readonly weighted = true) {
    for (const c of columnNames) this.sums[c] = 0;
  }

  add(key: string, values: readonly number[]): void {
    const h = fnv1a(key);
    const w = this.weighted ? 1 + h / 2 ** 32 : 1;
    this.rows++;
    this.keyHash = (this.keyHash + h) >>> 0;
    for (let i = 0; i < this.columnNames.length; i++) this.sums[this.columnNames[i]] += w * values[i];
  }

  finish(): Signature {
    return { rows: this.rows, keyHash: this.keyHash, columns: { ...this.sums } };
  }
}

/** Signature of a grouped result given as parallel arrays: keys and one array per column. */
export function groupedSignature(keys: readonly unknown[], columns: Record<string, readonly unknown[]>, keyText: (v: unknown) => string): Signature {
  const names = Object.keys(columns);
  const b = new SignatureBuilder(names);
  for (let i = 0; i < keys.length; i++) b.add(keyText(keys[i]), names.map((n) => Number(columns[n][i])));
  return b.finish();
}

const REL_TOL = 1e-9;

/** Null when equal (within tolerance), else a one-line description of the first difference. */
export function compareSignatures(expected: Signature, actual: Signature): string | null {
  if (expected.rows !== actual.rows) return `rows/groups ${actual.rows} ≠ ${expected.rows}`;
  if (expected.keyHash !== actual.keyHash) return `group keys differ (key hash ${actual.keyHash} ≠ ${expected.keyHash})`;
  for (const [name, want] of Object.entries(expected.columns)) {
    const got = actual.columns[name];
    if (got === undefined) return `column ${name} missing`;
    const scale = Math.max(Math.abs(want), Math.abs(got), 1);
    if (!(Math.abs(got - want) <= REL_TOL * scale)) return `column ${name}: ${got} ≠ ${want}`;
  }
  return null;
}
