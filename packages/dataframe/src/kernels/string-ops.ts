/**
 * String functions (`.str.lower()`, `.str.slice(1, 3)`, …) over a dictionary-encoded column:
 * each function runs once per distinct string, never once per row; rows only get their codes
 * remapped. The output dictionary has no duplicates (two inputs that map to one output share a
 * code), because group keys and equality compare codes.
 * Lengths and slices count code points, as pandas and Polars do, not UTF-16 units.
 */
import type { StrFn } from '../plan/expr-node.js';
import type { Column } from './column.js';
import { DictionaryBuilder } from './dictionary-builder.js';
import { grownTo, keptFor } from './entry-memo.js';
import { matcher } from './regex.js';

export function stringOp(a: Column, fn: StrFn, n: number): Column {
  const dict = a.dict!;
  const codes = a.values as Int32Array;
  const rowValid = a.valid;
  // each entry the rows use, once: a batch may share a dictionary of far more entries than it
  // has rows (a scan's, grown along the file: upper() of 100 k ids mapped every entry each batch)
  if (fn.op === 'len') {
    const lens = new Float64Array(dict.length).fill(-1);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (rowValid !== null && rowValid[i] === 0) continue;
      const c = codes[i];
      let len = lens[c];
      if (len < 0) { len = codePoints(dict[c]).length; lens[c] = len; }
      out[i] = len;
    }
    return { dtype: 'int64', length: n, values: out, valid: rowValid };
  }
  const f = stringFunction(fn);
  const { remap, built } = mappedEntries(dict, fn);
  const out = new Int32Array(n);
  let valid = rowValid;
  for (let i = 0; i < n; i++) {
    if (rowValid !== null && rowValid[i] === 0) continue;
    const c = codes[i];
    let code = remap[c];
    if (code === -2) {
      const r = f(dict[c]);
      code = r === null ? -1 : built.code(r);
      remap[c] = code;
    }
    if (code >= 0) { out[i] = code; continue; }
    if (valid === rowValid) valid = rowValid ? rowValid.slice() : new Uint8Array(n).fill(1);
    valid![i] = 0;
  }
  return { dtype: 'string', length: n, values: out, valid, dict: built.dict };
}

/**
 * What a function made of a dictionary's entries so far, kept for the thread's later batches of the
 * same dictionary (entry-memo.ts) — each of a scan's entries is mapped once a thread, not once a
 * batch (10 M rows of 100 k ids: every batch mapped ~50 k of them again). The output dictionary
 * grows with it, as the scan's does. remap: -2 not yet computed, -1 the function gave null, else
 * the output code.
 */
function mappedEntries(dict: readonly string[], fn: StrFn): { remap: Int32Array; built: DictionaryBuilder } {
  const m = keptFor(dict, `strFn:${JSON.stringify(fn)}`, () => ({ remap: new Int32Array(0), built: new DictionaryBuilder() }));
  m.remap = grownTo(m.remap, dict.length, -2);
  return m;
}

/** The function of one string (null: no value, e.g. a split part that does not exist). */
export function stringFunction(fn: StrFn): (s: string) => string | null {
  switch (fn.op) {
    case 'lower': return (s) => s.toLowerCase();
    case 'upper': return (s) => s.toUpperCase();
    case 'len': return (s) => String(codePoints(s).length);
    case 'strip': {
      if (fn.chars === null) return (s) => s.trim();
      const set = new Set(codePoints(fn.chars));
      return (s) => {
        const cps = codePoints(s);
        let i = 0;
        let j = cps.length;
        while (i < j && set.has(cps[i])) i++;
        while (j > i && set.has(cps[j - 1])) j--;
        return cps.slice(i, j).join('');
      };
    }
    case 'slice': return (s) => codePoints(s).slice(fn.start, fn.stop ?? undefined).join('');
    case 'replace': {
      if (!fn.regex) return (s) => s.split(fn.pattern).join(fn.value);
      const global = new RegExp(fn.pattern, fn.flags.includes('g') ? fn.flags : `${fn.flags}g`);
      if (fn.re2) return (s) => replaceRe2(s, global, fn.value, fn.first === true);
      const re = fn.first ? matcher(fn.pattern, fn.flags) : global;
      return (s) => s.replace(re, fn.value);
    }
    case 'pad': return (s) => pad(s, fn.width, fn.fill, fn.start, fn.truncate);
    case 'reverse': return (s) => Array.from(graphemes.segment(s), (g) => g.segment).reverse().join('');
    case 'repeat': return (s) => (fn.times > 0 ? s.repeat(fn.times) : '');
    case 'extract': {
      const re = matcher(fn.pattern, fn.flags);
      return (s) => re.exec(s)?.[fn.group] ?? null;
    }
    case 'split': return (s) => {
      const parts = s.split(fn.sep);
      const i = fn.index < 0 ? parts.length + fn.index : fn.index;
      return i >= 0 && i < parts.length ? parts[i] : null;
    };
  }
}

/**
 * Every match (or the `first`) of the global `re` in `s` replaced by `value` (`$&`, `$1` … `$9`,
 * `$$`: one digit, so that `$10` is group 1 and a 0), with RE2's rule for empty matches: one that
 * starts where the previous match ended is skipped.
 */
function replaceRe2(s: string, re: RegExp, value: string, first: boolean): string {
  let out = '';
  let copied = 0;
  let lastEnd = -1;
  re.lastIndex = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const end = m.index + m[0].length;
    if (m[0].length === 0) {
      // step past the empty match (a whole code point under the u flag)
      re.lastIndex = m.index + (re.unicode && (s.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1);
      if (m.index === lastEnd) continue;
    }
    out += s.slice(copied, m.index) + expand(value, m);
    copied = end;
    lastEnd = end;
    if (first || re.lastIndex > s.length) break;
  }
  return out + s.slice(copied);
}

/** A replacement template (`$$`, `$&`, `$1` … `$9`) filled from one match. */
function expand(value: string, m: RegExpExecArray): string {
  if (!value.includes('$')) return value;
  return value.replace(/\$(\$|&|\d)/g, (_t, k: string) => (k === '$' ? '$' : k === '&' ? m[0] : (m[Number(k)] ?? '')));
}

/** User-perceived characters (an accent with its letter, a flag, a family emoji), which reverse keeps whole, as DuckDB and Polars do. */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** `s` padded to `width` code points with `fill` (repeated, the last copy cut); a longer `s` cut to width when `truncate`. */
function pad(s: string, width: number, fill: string, start: boolean, truncate: boolean): string {
  const cps = codePoints(s);
  if (cps.length >= width) return truncate ? cps.slice(0, Math.max(0, width)).join('') : s;
  const f = codePoints(fill);
  if (f.length === 0) return s; // nothing to pad with (DuckDB errors; the API refuses an empty fill)
  const need = width - cps.length;
  const padding = Array.from({ length: need }, (_, i) => f[i % f.length]).join('');
  return start ? padding + s : s + padding;
}

function codePoints(s: string): string[] {
  return Array.from(s);
}
