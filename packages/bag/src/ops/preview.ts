/**
 * A short, one-line picture of an element for error messages (`{ a: null }`, `'10'`, `[ 1, 2 ]`):
 * bounded in length and depth, so a huge record never floods a message.
 */
import { inspect } from 'node:util';

const MAX = 80;

export function preview(x: unknown): string {
  const text = inspect(x, { depth: 2, breakLength: Number.POSITIVE_INFINITY, maxArrayLength: 8, maxStringLength: MAX });
  return text.length > MAX ? `${text.slice(0, MAX)}…` : text;
}
