/**
 * Result signatures: a small, order-independent fingerprint of a query's answer that every
 * contender computes the same way, so the suite can check that all of them agree without
 * shipping 100k result rows between processes.
 *
 * For a grouped result: the number of groups, the sum of the key hashes (exact, mod 2^32) and,
 * per aggregate column, Σ w(key) · value with a key-derived weight w in [1, 2). The weights make
 * the signature depend on which rows went into which group (a plain Σ of per-group sums would
 * not). A column whose values are all integers also gets an exact signature — Σ k(key) · value
 * as a bigint, with an integer key weight k in [1, 1000] — and two exact signatures must be
 * equal: an integer answer off by one is a disagreement, whatever the size of the sums. Other
 * columns are compared with a relative tolerance.
 */

export interface Signature {
  /** Groups (grouped results) or rows (written output). */
  rows: number;
  /** Σ fnv1a(key text) mod 2^32. */
  keyHash: number;
  /** Per output column, in the query's column order: Σ w(key) · value. */
  columns: Record<string, number>;
  /** Per column whose values were all integers: Σ k(key) · value, exact (a bigint's decimal text). */
  exact?: Record<string, string>;
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
  /** Exact weighted sums of the columns whose values have all been integers so far (null: not all). */
  private readonly exact: Record<string, bigint | null> = {};

  constructor(private readonly columnNames: readonly string[], private readonly weighted = true) {
    for (const c of columnNames) {
      this.sums[c] = 0;
      this.exact[c] = 0n;
    }
  }

  /** `values`: numbers, or bigints for integers beyond 2^53 (kept exact). */
  add(key: string, values: readonly (number | bigint)[]): void {
    const h = fnv1a(key);
    const w = this.weighted ? 1 + h / 2 ** 32 : 1;
    const k = this.weighted ? BigInt(1 + (h % 1000)) : 1n;
    this.rows++;
    this.keyHash = (this.keyHash + h) >>> 0;
    for (let i = 0; i < this.columnNames.length; i++) {
      const name = this.columnNames[i];
      const v = values[i];
      this.sums[name] += w * Number(v);
      const e = this.exact[name];
      if (e !== null) this.exact[name] = typeof v === 'bigint' ? e + k * v : Number.isSafeInteger(v) ? e + k * BigInt(v) : null;
    }
  }

  finish(): Signature {
    const exact: Record<string, string> = {};
    for (const [c, e] of Object.entries(this.exact)) if (e !== null) exact[c] = e.toString();
    return { rows: this.rows, keyHash: this.keyHash, columns: { ...this.sums }, exact };
  }
}

/** Signature of a grouped result given as parallel arrays: keys and one array per column. */
export function groupedSignature(keys: readonly unknown[], columns: Record<string, readonly unknown[]>, keyText: (v: unknown) => string): Signature {
  const names = Object.keys(columns);
  const b = new SignatureBuilder(names);
  for (let i = 0; i < keys.length; i++) b.add(keyText(keys[i]), names.map((n) => cellValue(columns[n][i])));
  return b.finish();
}

/** A cell as a number, or a bigint for an integer beyond 2^53 (exact). */
function cellValue(v: unknown): number | bigint {
  if (typeof v === 'bigint') return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
  return Number(v);
}

const REL_TOL = 1e-9;

/** Null when equal (within tolerance), else a one-line description of the first difference. */
export function compareSignatures(expected: Signature, actual: Signature): string | null {
  if (expected.rows !== actual.rows) return `rows/groups ${actual.rows} ≠ ${expected.rows}`;
  if (expected.keyHash !== actual.keyHash) return `group keys differ (key hash ${actual.keyHash} ≠ ${expected.keyHash})`;
  for (const [name, want] of Object.entries(expected.columns)) {
    const got = actual.columns[name];
    if (got === undefined) return `column ${name} missing`;
    const exactWant = expected.exact?.[name];
    const exactGot = actual.exact?.[name];
    if (exactWant !== undefined && exactGot !== undefined) {
      if (exactWant !== exactGot) return `column ${name}: integers differ (exact weighted sum ${exactGot} ≠ ${exactWant})`;
      continue;
    }
    const scale = Math.max(Math.abs(want), Math.abs(got), 1);
    if (!(Math.abs(got - want) <= REL_TOL * scale)) return `column ${name}: ${got} ≠ ${want}`;
  }
  return null;
}
