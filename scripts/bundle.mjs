// Builds floe's bundle (packages/scheduler/bundle/) from dist, after `tsc -b`: the `floe` command
// and what pool threads load (their entry and every op of floe's packages), in a few dozen files
// instead of ~300 modules (Node's ESM loader spends ~1 ms a module on a thread). It is used only
// while every file it was built from is unchanged (packages/scheduler/src/select-bundle.ts);
// otherwise dist runs as before.
//
// Inside the bundle, each module still sees its own dist URL as `import.meta.url` (sibling
// modules, assets, the worker bootstrap and package resolution all go by it), every package
// outside floe's workspace is imported from where it is installed, and scheduler/bundle-map.js
// maps the ops' dist URLs to their bundled copies (one copy of each floe module a thread).
// Plain JavaScript on purpose: it runs right after tsc.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENTRIES } from './bundle-entries.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packages = join(root, 'packages');
const outdir = join(packages, 'scheduler', 'bundle');

/** `import.meta.resolve` has no bundled equivalent; the one module using it falls back without it. */
const META_RESOLVE_FALLBACK = new Set(['dataframe/dist/io/lazy-arrow.js']);

const toPosix = (p) => p.split(sep).join('/');
const fromOut = (file) => {
  const rel = toPosix(relative(outdir, file));
  return rel.startsWith('.') ? rel : `./${rel}`;
};
/** The workspace package file `file` is, as `pkg/dist/…`, or null. */
const workspaceFile = (file) => {
  const rel = toPosix(relative(packages, file));
  return !rel.startsWith('..') && !isAbsolute(rel) && /^[^/]+\/dist\//.test(rel) && !rel.includes('node_modules/') ? rel : null;
};

function bundleMapSource() {
  const pairs = Object.entries(ENTRIES)
    .filter(([name]) => name !== 'cli')
    .map(([name, dist]) => [fromOut(join(packages, dist)), `./${name}.js`]);
  return `// written by scripts/bundle.mjs in place of scheduler/dist/bundle-map.js
const here = Reflect.get(import.meta, "url");
const MAP = new Map(${JSON.stringify(pairs)}.map(([dist, copy]) => [new URL(dist, here).href, new URL(copy, here).href]));
export function bundled(url) {
  return MAP.get(url) ?? url;
}
export function poolEntry(entry) {
  return bundled(entry);
}
`;
}

const externals = new Set();
const floePlugin = {
  name: 'floe-bundle',
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.inner || args.kind === 'entry-point' || args.path.startsWith('node:')) return undefined;
      const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { inner: true } });
      if (found.errors.length > 0 || found.external) return found.errors.length > 0 ? { errors: found.errors } : undefined;
      // the cluster client and worker (`import('floe')`) run from dist, with all of floe
      const inWorkspace = workspaceFile(found.path) !== null && !(args.kind === 'dynamic-import' && args.path === 'floe');
      if (inWorkspace) return found;
      externals.add(found.path);
      return { path: fromOut(found.path), external: true };
    });
    build.onLoad({ filter: /\.js$/ }, (args) => {
      const rel = workspaceFile(args.path);
      if (rel === null) return undefined;
      if (rel === 'scheduler/dist/bundle-map.js') return { contents: bundleMapSource(), loader: 'js' };
      let code = readFileSync(args.path, 'utf8');
      if (code.includes('import.meta.resolve')) {
        if (!META_RESOLVE_FALLBACK.has(rel)) return { errors: [{ text: `${rel} uses import.meta.resolve, which the bundle cannot keep` }] };
        code = code.replaceAll('typeof import.meta.resolve', '"undefined"');
      }
      // only a module that reads it gets the constant (about ten of ~370: each is a URL parsed at start)
      if (!code.includes('import.meta.url')) return { contents: code, loader: 'js' };
      // `import.meta.url` (the define below) reads this: the module's own dist URL
      return { contents: `const __floeMetaUrl = new URL(${JSON.stringify(fromOut(args.path))}, Reflect.get(import.meta, "url")).href;\n${code}`, loader: 'js' };
    });
  },
};

const staging = `${outdir}.tmp-${process.pid}`;
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
let result;
try {
  const esbuild = await import('esbuild');
  result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, dist]) => [name, join(packages, dist)])),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: staging,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    // error names, class names in messages, describeValue: as in dist
    keepNames: true,
    define: { 'import.meta.url': '__floeMetaUrl' },
    metafile: true,
    logLevel: 'warning',
    plugins: [floePlugin],
  });
} catch (err) {
  rmSync(staging, { recursive: true, force: true });
  // a failed build (esbuild rejects with its errors, already printed) fails; esbuild itself missing (no binary for this
  // platform) leaves floe running from dist, as it did before the bundle
  if (Array.isArray(err?.errors) && err.errors.length > 0) process.exit(1);
  rmSync(outdir, { recursive: true, force: true });
  process.stdout.write(`bundle: skipped, esbuild is not usable here (${String(err?.message ?? err).split('\n')[0]}); floe runs from dist\n`);
  process.exit(0);
}

// the manifest: every file the bundle was built from or imports, as it is now (relative to the bundle)
const inputs = [...Object.keys(result.metafile.inputs).map((p) => join(root, p)), ...externals].map((file) => {
  const st = statSync(file);
  return { path: fromOut(file), size: st.size, mtimeMs: st.mtimeMs };
});
writeFileSync(join(staging, 'manifest.json'), `${JSON.stringify({ inputs }, null, 1)}\n`);
rmSync(outdir, { recursive: true, force: true });
renameSync(staging, outdir);
const files = Object.keys(result.metafile.outputs).length;
process.stdout.write(`bundle: ${files} files from ${inputs.length - externals.size} modules (${externals.size} imported from their packages) in ${toPosix(relative(root, outdir))}\n`);
