import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MANIFEST, selectBundle } from './select-bundle.js';

let dir: string;
let bundleDir: URL;

/** A bundle folder whose manifest lists `inputs` (paths relative to it) as they are now. */
function writeBundle(inputs: string[]): void {
  const listed = inputs.map((path) => {
    const st = statSync(join(dir, 'bundle', path));
    return { path, size: st.size, mtimeMs: st.mtimeMs };
  });
  writeFileSync(join(dir, 'bundle', MANIFEST), JSON.stringify({ inputs: listed }));
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-select-bundle-'));
  mkdirSync(join(dir, 'bundle'));
  mkdirSync(join(dir, 'dist'));
  writeFileSync(join(dir, 'bundle', 'cli.js'), 'export {};\n');
  writeFileSync(join(dir, 'dist', 'main.js'), 'export const main = 1;\n');
  bundleDir = pathToFileURL(`${join(dir, 'bundle')}/`);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('selectBundle', () => {
  it('uses the bundle while every listed file is as it was built', () => {
    writeBundle(['./cli.js', '../dist/main.js']);
    expect(selectBundle(bundleDir, {})).toEqual({ current: true, reason: 'bundle' });
  });

  it('falls back to dist when a file it was built from changed size', () => {
    writeBundle(['./cli.js', '../dist/main.js']);
    writeFileSync(join(dir, 'dist', 'main.js'), 'export const main = 22;\n');
    expect(selectBundle(bundleDir, {})).toEqual({ current: false, reason: '../dist/main.js changed since the bundle was built' });
  });

  it('falls back to dist when a file was rewritten with the same size (its time changed)', () => {
    writeBundle(['./cli.js', '../dist/main.js']);
    const later = new Date(statSync(join(dir, 'dist', 'main.js')).mtimeMs + 5000);
    utimesSync(join(dir, 'dist', 'main.js'), later, later);
    expect(selectBundle(bundleDir, {}).current).toBe(false);
  });

  it('falls back to dist when a file is gone, the manifest is missing or unreadable, or FLOE_NO_BUNDLE=1', () => {
    writeBundle(['./cli.js', '../dist/main.js']);
    expect(selectBundle(bundleDir, { FLOE_NO_BUNDLE: '1' })).toEqual({ current: false, reason: 'FLOE_NO_BUNDLE=1' });
    rmSync(join(dir, 'dist', 'main.js'));
    expect(selectBundle(bundleDir, {})).toEqual({ current: false, reason: '../dist/main.js is gone' });
    writeFileSync(join(dir, 'bundle', MANIFEST), '{"entry": "./cli.js", "inp');
    expect(selectBundle(bundleDir, {})).toEqual({ current: false, reason: 'no bundle' });
    for (const wrong of ['null', '{}', '{"inputs": 1}']) {
      writeFileSync(join(dir, 'bundle', MANIFEST), wrong);
      expect(selectBundle(bundleDir, {})).toEqual({ current: false, reason: 'no bundle' });
    }
    rmSync(join(dir, 'bundle'), { recursive: true });
    expect(selectBundle(bundleDir, {})).toEqual({ current: false, reason: 'no bundle' });
  });
});
