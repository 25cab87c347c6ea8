/**
 * Which string dictionaries are known to hold each string once. A dictionary may repeat a
 * string: a concatenation of many large dictionaries keeps them as they are rather than hash
 * millions of strings again, and a min/max/first/last result lists one entry per group. Code
 * that takes equal codes for equal strings — group ids straight from codes, equality with a
 * literal by code — must ask here first.
 *
 * Known per thread (a WeakSet, nothing is ever added to the dictionary itself): a dictionary
 * that crossed to another thread is not known there and is treated as possibly repeating —
 * still correct, only without the shortcut.
 */
const unique = new WeakSet<readonly string[]>();

/** Records that `dict` holds each string once (its maker guarantees it); returns it. */
export function markUnique<T extends readonly string[]>(dict: T): T {
  unique.add(dict);
  return dict;
}

export function isUniqueDictionary(dict: readonly string[]): boolean {
  return dict.length <= 1 || unique.has(dict);
}
