/**
 * Which copy of the CLI bin.ts loads: the bundle `scripts/bundle-cli.mjs` writes beside dist
 * (a handful of files, ~0.25 s sooner to start than the ~300 modules of dist), or dist itself.
 * The bundle is used only while every file it was built from is as it was then (size and
 * modification time, listed in its manifest): a dist rebuilt without it, a package reinstalled,
 * a bundle half-written or missing all fall back to dist, which is always right. So does
 * FLOE_NO_BUNDLE=1.
 *
 * Plain Node and no floe import: it runs before anything else is loaded.
 */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface BundleManifest {
  /** The module bin.ts imports, relative to the bundle's folder. */
  entry: string;
  /** Every file the bundle holds or imports from outside it, relative to the bundle's folder. */
  inputs: { path: string; size: number; mtimeMs: number }[];
}

export const MANIFEST = 'manifest.json';

/** The URL of the bundle's entry, or null (with why) when dist must be used. */
export function selectBundle(bundleDir: URL, env: NodeJS.ProcessEnv = process.env): { entry: string | null; reason: string } {
  if (env.FLOE_NO_BUNDLE === '1') return { entry: null, reason: 'FLOE_NO_BUNDLE=1' };
  const dir = fileURLToPath(bundleDir); // ends with a slash
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(readFileSync(dir + MANIFEST, 'utf8')) as BundleManifest;
  } catch {
    return { entry: null, reason: 'no bundle' };
  }
  if (typeof manifest?.entry !== 'string' || !Array.isArray(manifest.inputs)) return { entry: null, reason: 'no bundle' };
  // ~300 files in ~5 ms: plain strings (a URL or path.join a file tripled it)
  for (const input of manifest.inputs) {
    const st = statSync(dir + input.path, { throwIfNoEntry: false });
    if (st === undefined) return { entry: null, reason: `${input.path} is gone` };
    if (st.size !== input.size || st.mtimeMs !== input.mtimeMs) return { entry: null, reason: `${input.path} changed since the bundle was built` };
  }
  return { entry: new URL(manifest.entry, bundleDir).href, reason: 'bundle' };
}
