/**
 * An options object checked before a plan is built: a misspelt or unknown option, or a value
 * where an object belongs (`sort('v', true)`), is an error naming the method and what it takes
 * — never silently ignored (`{ hwo: 'left' }` ran an inner join).
 */
import { closestName } from '../plan/closest-name.js';

export function checkOptions(method: string, options: unknown, known: readonly string[], example: string): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${method}: options must be an object such as ${example}, got ${Array.isArray(options) ? 'an array' : JSON.stringify(options)}`);
  }
  for (const name of Object.keys(options)) {
    if (known.includes(name)) continue;
    const near = closestName(name, known);
    throw new TypeError(`${method}: unknown option ${JSON.stringify(name)}${near ? ` (did you mean ${near}?)` : ''}; options: ${known.join(', ')}`);
  }
}
