/**
 * Ops by package export name, not by a path on the driver's machine. On the driver a task's
 * op is a module URL (`file:///…/packages/dataframe/dist/physical/x.js`); inside a floe package
 * it travels as `{ pkg: '@floe/dataframe', path: 'physical/x', export }`, and each worker maps
 * it to its own installed copy of that package (dist/ or src/, as its entry point is). A module
 * outside floe's packages (a user's `{ module: import.meta.url }`) travels as its URL and must
 * be at the same path on every worker, as on the local pool it must be importable by a thread.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { OpRef } from '@floe/scheduler';

export type OpAddress = (
  | { readonly pkg: string; readonly path: string; readonly export: string }
  | { readonly url: string; readonly export: string }
) & {
  /** A user's function: its result is copied back, not moved (OpRef.copyResult). */
  readonly copyResult?: true;
};

/** The published packages a worker can resolve (not, e.g., the private @floe/benchmarks). */
const FLOE_PACKAGE = /^(floe|@floe\/(scheduler|dataframe|array|bag|sql|cluster|dashboard|ml|cli))$/;
const packageOf = new Map<string, { name: string; root: string } | null>();

function enclosingPackage(dir: string): { name: string; root: string } | null {
  if (packageOf.has(dir)) return packageOf.get(dir)!;
  let found: { name: string; root: string } | null = null;
  const manifest = join(dir, 'package.json');
  if (existsSync(manifest)) {
    const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
    found = typeof name === 'string' ? { name, root: dir } : null;
  } else if (dirname(dir) !== dir) {
    found = enclosingPackage(dirname(dir));
  }
  packageOf.set(dir, found);
  return found;
}

/** The driver's side: where an op lives, in words every worker understands. */
export function opToAddress(op: OpRef): OpAddress {
  const copy = op.copyResult ? { copyResult: true as const } : {};
  if (!op.module.startsWith('file:')) return { url: op.module, export: op.export, ...copy };
  const file = fileURLToPath(op.module);
  const pkg = enclosingPackage(dirname(file));
  if (!pkg || !FLOE_PACKAGE.test(pkg.name)) return { url: op.module, export: op.export, ...copy };
  const rel = relative(pkg.root, file).split(sep);
  if (rel[0] !== 'src' && rel[0] !== 'dist') return { url: op.module, export: op.export, ...copy };
  const path = rel.slice(1).join('/');
  return { pkg: pkg.name, path: path.slice(0, path.length - extname(path).length), export: op.export, ...copy };
}

/** The worker's side: `resolve` maps a package name to its entry URL (import.meta.resolve of a module that depends on it). */
export function addressToOp(address: OpAddress, resolve: (specifier: string) => string): OpRef {
  const copy = address.copyResult ? { copyResult: true as const } : {};
  if ('url' in address) return { module: address.url, export: address.export, ...copy };
  if (!FLOE_PACKAGE.test(address.pkg) || address.path.split('/').includes('..')) {
    throw new Error(`refusing op ${JSON.stringify(address)}: workers run only floe's own modules by package name`);
  }
  let entry: string;
  try {
    entry = resolve(address.pkg);
  } catch (err) {
    throw new Error(`this worker cannot find package ${address.pkg} (needed by op ${address.path}#${address.export}): install the same floe version as the driver (${(err as Error).message})`);
  }
  const entryFile = fileURLToPath(entry);
  const url = pathToFileURL(join(dirname(entryFile), `${address.path}${extname(entryFile)}`)).href;
  return { module: url, export: address.export, ...copy };
}
