/**
 * DuckDB's regexp_matches, regexp_full_match, regexp_replace and regexp_extract as floe string
 * expressions. Patterns are JavaScript's (RE2's common syntax is the same; `(?i)` is written as
 * the 'i' option); options: 'c' (case-sensitive, the default), 'i', 's' (`.` matches a line feed),
 * 'l' (the pattern is literal text) and, for regexp_replace, 'g' (every match, not the first).
 * regexp_replace's replacement names groups as DuckDB does (`\1`, `\0` the whole match; `$` is
 * itself); regexp_extract gives '' where nothing (or no group) matched, as DuckDB does.
 */
import { groupCount, regexFlags, type ExprNode } from '@floe/dataframe';
import { SqlError, type SqlPosition } from './sql-error.js';

const lit = (value: string | null): ExprNode => ({ kind: 'lit', value, dtype: 'string' });

/** A constant text argument. */
function text(e: ExprNode | undefined, what: string, at: SqlPosition | null): string {
  if (e === undefined) return '';
  if (e.kind !== 'lit' || typeof e.value !== 'string') throw new SqlError(`${what} must be a constant string`, at);
  return e.value;
}

interface Compiled { pattern: string; flags: string; global: boolean }

function compile(call: string, patternArg: ExprNode, optionsArg: ExprNode | undefined, at: SqlPosition | null, allowGlobal: boolean): Compiled {
  let pattern = text(patternArg, `${call}'s pattern`, at);
  const options = text(optionsArg, `${call}'s options`, at);
  let flags = '';
  let global = false;
  for (const o of options) {
    if (o === 'i') flags += 'i';
    else if (o === 'c') flags = flags.replace(/i/g, '');
    else if (o === 's') flags += 's';
    else if (o === 'l') pattern = pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else if (o === 'g' && allowGlobal) global = true;
    else throw new SqlError(`${call}: option '${o}' is not supported; options: c, i, s, l${allowGlobal ? ', g' : ''}`, at);
  }
  try {
    return { pattern, flags: regexFlags(pattern, flags, call), global };
  } catch (err) {
    throw new SqlError((err as Error).message, at, "(?i) is written as the option 'i'");
  }
}

export function regexpMatches([x, p, o]: ExprNode[], at: SqlPosition | null): ExprNode {
  const { pattern, flags } = compile('regexp_matches', p, o, at, false);
  return { kind: 'str', arg: x, op: 'regex', pattern, flags };
}

export function regexpFullMatch([x, p, o]: ExprNode[], at: SqlPosition | null): ExprNode {
  const { pattern, flags } = compile('regexp_full_match', p, o, at, false);
  return { kind: 'str', arg: x, op: 'regex', pattern: `^(?:${pattern})$`, flags };
}

export function regexpReplace([x, p, r, o]: ExprNode[], at: SqlPosition | null): ExprNode {
  const { pattern, flags, global } = compile('regexp_replace', p, o, at, true);
  const value = replacement(text(r, "regexp_replace's replacement", at), groupCount(pattern, flags), at);
  return { kind: 'strFn', arg: x, fn: { op: 'replace', pattern, regex: true, flags, value, first: !global, re2: true } };
}

export function regexpExtract([x, p, g, o]: ExprNode[], at: SqlPosition | null): ExprNode {
  const { pattern, flags } = compile('regexp_extract', p, o, at, false);
  let group = 0;
  if (g !== undefined) {
    if (g.kind !== 'lit' || typeof g.value !== 'number' || !Number.isInteger(g.value) || g.value < 0) throw new SqlError("regexp_extract's group must be a constant whole number", at);
    group = g.value;
  }
  const groups = groupCount(pattern, flags);
  if (group > groups) throw new SqlError(`regexp_extract: the pattern has ${groups} group(s), so there is no group ${group}`, at);
  const found: ExprNode = { kind: 'fillNull', arg: { kind: 'strFn', arg: x, fn: { op: 'extract', pattern, flags, group } }, value: lit('') };
  // a null input stays null; no match, or a group that took no part, is ''
  return { kind: 'when', cond: { kind: 'isNull', arg: x, negate: false }, value: lit(null), otherwise: found };
}

/**
 * RE2's rewrite string (`\1`, `\0`, `\\`; `$` plain) as String#replace's (`$1`, `$&`, `$$`). A
 * group the pattern lacks, or a backslash before anything else, is an error here (DuckDB returns
 * the text unchanged, without a word).
 */
function replacement(s: string, groups: number, at: SqlPosition | null): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '$') out += '$$';
    else if (c !== '\\') out += c;
    else if (s[i + 1] === '\\') { out += '\\'; i++; }
    else if (/[0-9]/.test(s[i + 1] ?? '')) {
      const g = Number(s[++i]);
      if (g > groups) throw new SqlError(`regexp_replace's replacement names group \\${g}, but the pattern has ${groups} group(s)`, at);
      out += g === 0 ? '$&' : `$${g}`;
    } else throw new SqlError(`regexp_replace's replacement has ${JSON.stringify(s.slice(i, i + 2))}: a backslash goes before a group number (\\1) or another backslash (\\\\)`, at);
  }
  return out;
}
