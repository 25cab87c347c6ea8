/**
 * Where a floe module is loaded from by URL. Outside floe's bundle (select-bundle.ts) every module
 * is loaded from where it is; a LocalPool's threads start from the bundle's worker entry when the
 * bundle is current. Inside the bundle (scripts/bundle.mjs replaces this module's code there), a
 * task's op maps to its bundled copy, so that a thread holds one copy of each floe module: a
 * second copy loaded from dist would have its own module state (a thread's decode pools, footer
 * cache, dictionaries) and its own classes.
 */
import { bundleFile } from './select-bundle.js';

export function bundled(url: string): string {
  return url;
}

/** The module a pool thread starts from, given dist's (or the sources') worker entry. */
export function poolEntry(entry: string): string {
  return bundleFile('worker-entry.js') ?? entry;
}
