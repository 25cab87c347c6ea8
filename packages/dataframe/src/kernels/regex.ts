/**
 * Regular expressions of string functions (`str.contains(/…/)`, `str.extract`, `str.replace`
 * with a RegExp, SQL's regexp_*): JavaScript's syntax, matched by code point where the pattern
 * allows it (the `u` flag: `.` is one character, an emoji too, as DuckDB's RE2 takes it). Expressions
 * carry the pattern and flags as text (they are sent to workers), so each is compiled here.
 */

/** The pattern compiled with `flags` (the global and sticky flags dropped: a test or a first match starts at 0 each time). */
export function matcher(pattern: string, flags: string): RegExp {
  return new RegExp(pattern, flags.replace(/[gy]/g, ''));
}

/**
 * The flags a pattern is kept with: `wanted` plus `u` when the pattern is valid under it (not
 * every pattern is: `\-` outside a class, for one); an error that names the pattern when it is
 * valid under neither.
 */
export function regexFlags(pattern: string, wanted: string, call: string): string {
  const base = [...new Set(wanted.replace(/u/g, ''))].join('');
  try {
    new RegExp(pattern, `${base}u`);
    return `${base}u`;
  } catch {
    try {
      new RegExp(pattern, base);
      return base;
    } catch (err) {
      throw new TypeError(`${call}: ${JSON.stringify(pattern)} is not a valid regular expression (${(err as Error).message.replace(/^Invalid regular expression: /, '')}); patterns use JavaScript's syntax`);
    }
  }
}

/** How many capturing groups `pattern` has (it is matched, with an empty alternative, against ''). */
export function groupCount(pattern: string, flags: string): number {
  return matcher(`${pattern}|`, flags).exec('')!.length - 1;
}
