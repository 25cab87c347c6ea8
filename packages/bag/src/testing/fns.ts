/** Functions that tests pass to bags by module reference ({ module, name }); no top-level work. */
import { createHash } from 'node:crypto';

export function mod3(x: number): number {
  return x % 3;
}

/** Uses an import, so it can run on workers only by module reference. */
export function digest(s: string): string {
  return createHash('sha1').update(s).digest('hex').slice(0, 8);
}

/** A table the module keeps between calls: returning it must not empty it on the worker. */
const kept = Float64Array.of(1, 2, 3, 4);
export function keptTable(_x: number): Float64Array {
  return kept;
}
