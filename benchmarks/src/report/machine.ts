/**
 * What the numbers were measured on: CPU, cores, RAM, OS, Node, the floe commit, and the
 * installed versions of floe's dependencies and of the peers (read from their package.json).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { haveGnuTime } from '../measure/run-measured.js';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  ramGB: number;
  os: string;
  node: string;
  gnuTime: boolean;
  floeCommit: string;
  /** How floe's dist/ came to be (set by the suite). */
  build?: string;
  /** "name": "version" of the peers and tools the suite runs. */
  peers: Record<string, string>;
  /** "name (used by package)": "version" of floe's own dependencies. */
  floeDeps: Record<string, string>;
}

function readJson(path: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function versionAt(pkgDir: string): string {
  const pkg = readJson(join(pkgDir, 'package.json'));
  return typeof pkg?.version === 'string' ? pkg.version : 'not installed';
}

function installedVersion(fromDir: string, name: string): string {
  return versionAt(join(fromDir, 'node_modules', name));
}

/** Uncommitted changes that would change what is measured (engine sources, benchmark code), one path a line; null outside git. */
export function uncommittedChanges(repoRoot: string): string[] | null {
  try {
    const out = execFileSync('git', ['status', '--porcelain', '--', 'packages', 'benchmarks/src', 'pnpm-lock.yaml'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    return out === '' ? [] : out.split('\n');
  } catch {
    return null;
  }
}

function gitDescribe(repoRoot: string): string {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = uncommittedChanges(repoRoot) ?? [];
    return dirty.length > 0 ? `${rev} + uncommitted changes (${dirty.length} paths)` : rev;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export function machineInfo(repoRoot: string, benchRoot: string): MachineInfo {
  const peers: Record<string, string> = {};
  for (const name of ['@duckdb/node-api', 'nodejs-polars', 'nodejs-polars-linux-x64-gnu', 'csv-parse', 'tsx']) peers[name] = installedVersion(benchRoot, name);
  try {
    // pnpm keeps a package's own dependencies beside it in its virtual-store folder
    peers['@duckdb/node-bindings'] = versionAt(join(realpathSync(join(benchRoot, 'node_modules', '@duckdb', 'node-api')), '..', 'node-bindings'));
  } catch {
    peers['@duckdb/node-bindings'] = 'not installed';
  }
  const floeDeps: Record<string, string> = {};
  const pkgsDir = join(repoRoot, 'packages');
  for (const dir of existsSync(pkgsDir) ? readdirSync(pkgsDir) : []) {
    const pkg = readJson(join(pkgsDir, dir, 'package.json'));
    const deps = (pkg?.dependencies ?? {}) as Record<string, string>;
    for (const [name, range] of Object.entries(deps)) {
      if (range.startsWith('workspace:')) continue;
      floeDeps[`${name} (${String(pkg?.name)})`] = installedVersion(join(pkgsDir, dir), name);
    }
  }
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    ramGB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    gnuTime: haveGnuTime(),
    floeCommit: gitDescribe(repoRoot),
    peers,
    floeDeps,
  };
}
