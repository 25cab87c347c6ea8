/**
 * CSV text rules (RFC 4180): fields with a delimiter, quote, newline or a space at either end are quoted, inner quotes
 * doubled, and a string a reader would take for null is quoted too; the rows themselves are
 * encoded by csv-encoder.ts (nulls are empty fields; timestamps as `YYYY-MM-DD HH:MM:SS[.mmm]`).
 */
import type { Field } from '../../types/dtype.js';
import { DEFAULT_NULL_VALUES } from './dialect.js';

export function csvHeader(fields: readonly Field[], delimiter: string): string {
  return `${fields.map((f) => quote(f.name, delimiter)).join(delimiter)}\n`;
}

/** Strings that a reader would take for null unless quoted. */
const NULL_SPELLINGS = new Set(DEFAULT_NULL_VALUES);
/** Null spellings are at most this long: a longer string is never one (and is not hashed). */
const MAX_NULL_SPELLING = DEFAULT_NULL_VALUES.reduce((m, v) => Math.max(m, v.length), 0);

/** 1 at the first character of some null spelling (an ASCII one): any other first character is no null spelling. */
const NULL_FIRST = new Uint8Array(128);
for (const v of DEFAULT_NULL_VALUES) if (v.length > 0) NULL_FIRST[v.charCodeAt(0)] = 1;

/**
 * A string a reader would take for null unless quoted. Most strings are told apart by their
 * first character, without hashing them for the set (a join's id columns, written row by row).
 */
export function isNullSpelling(s: string): boolean {
  if (s.length === 0) return NULL_SPELLINGS.has(s);
  const c = s.charCodeAt(0);
  return c < 128 && NULL_FIRST[c] === 1 && s.length <= MAX_NULL_SPELLING && NULL_SPELLINGS.has(s);
}

/** Whether a value of `len` bytes starting with byte `first` might be a null spelling (then `quote` decides). */
export function mayBeNullSpelling(first: number, len: number): boolean {
  return len === 0 || (first < 128 && NULL_FIRST[first] === 1 && len <= MAX_NULL_SPELLING);
}

export function quote(s: string, delimiter: string): string {
  // surrounding spaces too: many readers trim an unquoted field (floe's CLI quoted them, and now prints through here)
  if (isNullSpelling(s) || s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r') || s !== s.trim()) {
    return `"${s.replaceAll('"', '""')}"`;
  }
  return s;
}
