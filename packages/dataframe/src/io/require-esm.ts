/**
 * `require()` of an ES module, for a library floe loads the first time it is used, synchronously
 * (apache-arrow, hyparquet): Node 20.19+ and 22.12+ do this (floe's engines); an older Node gets
 * an error that says so instead of ERR_REQUIRE_ESM.
 */
import { createRequire } from 'node:module';

export function requireEsm<T>(from: string, specifier: string, what: string): T {
  try {
    return createRequire(from)(specifier) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_REQUIRE_ESM') {
      throw new Error(`loading ${what} needs Node.js 20.19+ or 22.12+ (require() of ES modules); this is ${process.version}`);
    }
    throw err;
  }
}
