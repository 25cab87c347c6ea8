/**
 * The CSV dialect a scan runs with, as plain data for workers: delimiter byte, null tokens as
 * bytes, and date parsing policy. Quotes are always `"` with `""` as the escape (RFC 4180).
 */
export const QUOTE = 0x22;
export const LF = 0x0a;
export const CR = 0x0d;

export const DEFAULT_NULL_VALUES: readonly string[] = [
  '', 'NA', 'N/A', 'n/a', 'NaN', 'nan', '-NaN', '-nan', 'NULL', 'null', 'None', '#N/A', '#NA', '<NA>', 'NA/NaN', '1.#QNAN', '-1.#QNAN',
];

export interface Dialect {
  delimiter: number;
  /** Unquoted fields equal to one of these are null (quoted fields are always values). */
  nullValues: string[];
}

/** Null tokens as bytes, for byte-level matching without strings. */
export function nullTokenBytes(nullValues: readonly string[]): Uint8Array[] {
  const enc = new TextEncoder();
  return nullValues.filter((v) => v !== '').map((v) => enc.encode(v));
}

export function matchesNullToken(buf: Uint8Array, start: number, end: number, tokens: readonly Uint8Array[], emptyIsNull: boolean): boolean {
  const len = end - start;
  if (len === 0) return emptyIsNull;
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    if (tok.length !== len) continue;
    let k = 0;
    while (k < len && buf[start + k] === tok[k]) k++;
    if (k === len) return true;
  }
  return false;
}
