/**
 * Where a floe module is loaded from by URL (a task's op, a pool thread's entry). Outside the
 * CLI's bundle that is the URL itself. Inside it (scripts/bundle-cli.mjs replaces this module's
 * code there), a module of the bundle maps to its bundled copy, so that every thread of a CLI run
 * holds one copy of each floe module — a second copy loaded from dist would have its own module
 * state (a thread's decode pools, footer cache, dictionaries) and its own classes.
 */
export function bundled(url: string): string {
  return url;
}
