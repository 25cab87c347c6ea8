import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SpillDir } from './spill-dir.js';

describe('SpillDir', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("is made under the executor's directory when given one, not FLOE_SPILL_DIR, and removed", () => {
    const base = mkdtempSync(`${tmpdir()}/floe-spill-base-`);
    const env = mkdtempSync(`${tmpdir()}/floe-spill-env-`);
    made.push(base, env);
    const before = process.env.FLOE_SPILL_DIR;
    process.env.FLOE_SPILL_DIR = env;
    try {
      const own = new SpillDir(base);
      expect(dirname(own.dir)).toBe(base);
      expect(existsSync(own.dir)).toBe(true);
      const path = own.dir;
      writeFileSync(`${path}/run-0.spill`, 'x');
      own.remove();
      expect(existsSync(path)).toBe(false);
      // emptied under another name (a thread still spilling cannot refill it), nothing left of that either
      expect(readdirSync(base)).toEqual([]);
      // a folder removed meanwhile (by hand, or the exit handler) is no error
      const gone = new SpillDir(base);
      rmSync(gone.dir, { recursive: true });
      expect(() => gone.remove()).not.toThrow();
      const byEnv = new SpillDir();
      expect(dirname(byEnv.dir)).toBe(env);
      byEnv.remove();
    } finally {
      if (before === undefined) delete process.env.FLOE_SPILL_DIR;
      else process.env.FLOE_SPILL_DIR = before;
    }
  });
});
