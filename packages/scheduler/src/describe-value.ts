/**
 * A value as an error message shows it: `true`, `1n`, `the string "3"`, `a function`, `an
 * array` — so `workers: '2'` or `workers: [2]` is named as what it is, not printed as `2`.
 */
export function describeValue(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  return String(v);
}
