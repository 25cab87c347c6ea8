/**
 * An options object checked before a plan is built: a misspelt or unknown option, or a value
 * where an object belongs (`sort('v', true)`), is an error naming the method and what it takes
 * — never silently ignored (`{ hwo: 'left' }` ran an inner join).
 */
import { describeValue } from '@floe/scheduler';
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

/** A value as a message shows it (the scheduler's, so that its options and the API's read alike). */
export { describeValue };

/** A count of rows (limit, head, slice): a non-negative integer; anything else named as what it is ('3' as the string "3"). */
export function rowCount(method: string, n: unknown): number {
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return n;
  const message = `${method}() needs a non-negative integer number of rows, got ${describeValue(n)}`;
  throw typeof n === 'number' ? new RangeError(message) : new TypeError(message);
}

/** The options every run takes (ComputeOptions). */
const RUN_OPTIONS = ['executor', 'progress', 'signal', 'onEvent', 'maxInFlight', 'memoryLimit'] as const;

/** Checks the options of a method that runs the query (compute, count, writeCsv…): the run's, and the method's own `extra`. */
export function checkRunOptions(method: string, options: unknown, extra: readonly string[] = []): void {
  checkOptions(method, options, [...RUN_OPTIONS, ...extra], "{ memoryLimit: '256MB' }");
}

/** The run's options out of a method's (its own left out, for the compute it hands on to). */
export function runOptions<T extends object>(options: T): Pick<T, Extract<keyof T, (typeof RUN_OPTIONS)[number]>> {
  const out: Record<string, unknown> = {};
  for (const k of RUN_OPTIONS) if (k in options) out[k] = (options as Record<string, unknown>)[k];
  return out as Pick<T, Extract<keyof T, (typeof RUN_OPTIONS)[number]>>;
}

/** A reader's second argument given a second path (`readCsv('a.csv', 'b.csv')`): the files go in one array. */
export function checkReaderOptions(method: string, options: unknown): void {
  if (typeof options === 'string' || Array.isArray(options)) {
    throw new TypeError(`${method}: the second argument is the options; give several files as one array (or a glob): ${method}(['a.csv', 'b.csv']) — got ${describeValue(options)}`);
  }
}
