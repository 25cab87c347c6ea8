/**
 * An options object checked before a plan is built: a misspelt or unknown option, or a value
 * where an object belongs (`sort('v', true)`), is an error naming the method and what it takes
 * — never silently ignored (`{ hwo: 'left' }` ran an inner join).
 */
import { closestName } from '../plan/closest-name.js';

export function checkOptions(method: string, options: unknown, known: readonly string[], example: string): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${method}: options must be an object such as ${example}, got ${describeValue(options)}`);
  }
  for (const name of Object.keys(options)) {
    if (known.includes(name)) continue;
    const near = closestName(name, known);
    throw new TypeError(`${method}: unknown option ${JSON.stringify(name)}${near ? ` (did you mean ${near}?)` : ''}; options: ${known.join(', ')}`);
  }
}

/** A value as a message shows it: `true`, `1n`, `"3"`, `a function`, `an array`. */
export function describeValue(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  return String(v);
}

/** A count of rows (limit, head, slice): a non-negative integer; anything else named as what it is ('3' as the string "3"). */
export function rowCount(method: string, n: unknown): number {
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return n;
  const message = `${method}() needs a non-negative integer number of rows, got ${describeValue(n)}`;
  throw typeof n === 'number' ? new RangeError(message) : new TypeError(message);
}
