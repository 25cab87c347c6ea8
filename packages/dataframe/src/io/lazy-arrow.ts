/**
 * apache-arrow, loaded the first time something uses it, on any thread: a spill file written or
 * read, an Arrow IPC part, `Table.toArrow()`, `toBatches()`, `fromArrow()`, `readIpc()`. A CSV
 * or Parquet query that spills nothing never loads it — not in the CLI (146 modules, ~0.1 s of
 * a ~0.35 s start) and not in a worker (about half of what a worker loads).
 *
 * Synchronous, because those uses are: `require()` of the ES module (Node ≥ 20.19, floe's
 * engines floor) at the path `import()` resolves to, which is the same module instance an
 * `import … from 'apache-arrow'` elsewhere (a user's, or floe's `arrow` export) gets.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Arrow from 'apache-arrow';
import { requireEsm } from './require-esm.js';

let loaded: typeof Arrow | null = null;

export function arrow(): typeof Arrow {
  loaded ??= requireEsm<typeof Arrow>(import.meta.url, esmEntry(), 'apache-arrow');
  return loaded;
}

/** The file `import 'apache-arrow'` loads in Node. */
function esmEntry(): string {
  if (typeof import.meta.resolve === 'function') return fileURLToPath(import.meta.resolve('apache-arrow'));
  // vitest's module runner has no import.meta.resolve: the package's own exports for node + import
  const main = createRequire(import.meta.url).resolve('apache-arrow');
  const dir = dirname(main);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports: { '.': { node: { import: { default: string } } } } };
  return join(dir, pkg.exports['.'].node.import.default);
}

/** Whether this thread has loaded it (a test op asks a worker). */
export function arrowLoaded(): boolean {
  return loaded !== null;
}
