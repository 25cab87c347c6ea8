/**
 * Whether floe's bundle (packages/scheduler/bundle/, written by scripts/bundle.mjs after tsc) is
 * used: the `floe` command starts from its `cli.js`, and every LocalPool's threads from its
 * `worker-entry.js` — a few dozen files instead of ~300 modules, about 0.2 s sooner for the
 * command and 0.05–0.1 s for a pool. It is used only while every file it was built from is as it
 * was then (size and modification time, listed in its manifest): a dist rebuilt without it, a
 * package reinstalled, a bundle half-written or missing all fall back to dist, which is always
 * right. So does FLOE_NO_BUNDLE=1, and so does running from source (tsx, tests).
 *
 * Plain Node, no other floe module: bin.ts loads it before anything else.
 */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface BundleManifest {
  /** Every file the bundle holds or imports from outside it, relative to the bundle's folder. */
  inputs: { path: string; size: number; mtimeMs: number }[];
}

export const MANIFEST = 'manifest.json';
const BUNDLE_DIR = new URL('../bundle/', import.meta.url);

/** Whether the bundle in `bundleDir` can be used, and if not, why. */
export function selectBundle(bundleDir: URL, env: NodeJS.ProcessEnv = process.env): { current: boolean; reason: string } {
  if (env.FLOE_NO_BUNDLE === '1') return { current: false, reason: 'FLOE_NO_BUNDLE=1' };
  const dir = fileURLToPath(bundleDir); // ends with a slash
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(readFileSync(dir + MANIFEST, 'utf8')) as BundleManifest;
  } catch {
    return { current: false, reason: 'no bundle' };
  }
  if (!Array.isArray(manifest?.inputs)) return { current: false, reason: 'no bundle' };
  // ~385 files in ~5 ms: plain strings (a URL or path.join a file tripled it)
  for (const input of manifest.inputs) {
    const st = statSync(dir + input.path, { throwIfNoEntry: false });
    if (st === undefined) return { current: false, reason: `${input.path} is gone` };
    if (st.size !== input.size || st.mtimeMs !== input.mtimeMs) return { current: false, reason: `${input.path} changed since the bundle was built` };
  }
  return { current: true, reason: 'bundle' };
}

let current: boolean | undefined;

/** The URL of `name` in floe's bundle when it is current (checked once a process), else null. */
export function bundleFile(name: string): string | null {
  current ??= !import.meta.url.endsWith('.ts') && selectBundle(BUNDLE_DIR).current;
  return current ? new URL(name, BUNDLE_DIR).href : null;
}
