import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { requireEsm } from './require-esm.js';

describe('requireEsm', () => {
  it('loads an ES module synchronously, the same instance an import gets', async () => {
    const viaRequire = requireEsm<typeof import('hyparquet')>(import.meta.url, 'hyparquet', 'hyparquet');
    const viaImport = await import('hyparquet');
    expect(typeof viaRequire.parquetMetadata).toBe('function');
    expect(viaRequire.parquetMetadata).toBe(viaImport.parquetMetadata);
  });

  it('on a Node without require() of ES modules: an error naming the versions that have it', () => {
    const built = fileURLToPath(new URL('../../dist/io/require-esm.js', import.meta.url));
    const script = `import { requireEsm } from ${JSON.stringify(built)}; try { requireEsm(${JSON.stringify(built)}, 'hyparquet', 'hyparquet (Parquet files)'); } catch (e) { console.log(e.message); }`;
    const r = spawnSync(process.execPath, ['--no-experimental-require-module', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe(`loading hyparquet (Parquet files) needs Node.js 20.19+ or 22.12+ (require() of ES modules); this is ${process.version}`);
  });
});
