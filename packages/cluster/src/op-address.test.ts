import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addressToOp, opToAddress } from './op-address.js';

const here = fileURLToPath(new URL('.', import.meta.url)); // packages/cluster/src/

describe('ops travel by package name', () => {
  it('names a module inside a floe package by package and path, without src/ or dist/ or the extension', () => {
    const op = { module: new URL('./payload.ts', import.meta.url).href, export: 'encodePayload' };
    expect(opToAddress(op)).toEqual({ pkg: '@floe/cluster', path: 'payload', export: 'encodePayload' });
  });

  it("maps a package address to the worker's own copy (dist/*.js when its entry is dist/index.js)", () => {
    const resolve = (s: string): string => pathToFileURL(`/opt/floe/node_modules/${s}/dist/index.js`).href;
    expect(addressToOp({ pkg: '@floe/dataframe', path: 'physical/partition-task', export: 'run' }, resolve)).toEqual({
      module: 'file:///opt/floe/node_modules/@floe/dataframe/dist/physical/partition-task.js',
      export: 'run',
    });
  });

  it("keeps a user's module outside floe's packages as its URL", () => {
    const op = { module: 'file:///home/me/tasks.mjs', export: 'cube' };
    expect(opToAddress(op)).toEqual({ url: op.module, export: 'cube' });
    expect(addressToOp({ url: op.module, export: 'cube' }, () => '')).toEqual(op);
  });

  it("keeps a user function's copyResult both ways (cluster workers moved its result again)", () => {
    const user = { module: 'file:///home/me/tasks.mjs', export: 'cube', copyResult: true };
    expect(addressToOp(opToAddress(user), () => '')).toEqual(user);
    const bag = { module: new URL('./payload.ts', import.meta.url).href, export: 'encodePayload', copyResult: true };
    expect(opToAddress(bag)).toEqual({ pkg: '@floe/cluster', path: 'payload', export: 'encodePayload', copyResult: true });
  });

  it('refuses packages that are not floe and paths that climb out of the package', () => {
    const resolve = (): string => pathToFileURL(`${here}index.ts`).href;
    expect(() => addressToOp({ pkg: 'left-pad', path: 'x', export: 'f' }, resolve)).toThrow(/only floe's own modules/);
    expect(() => addressToOp({ pkg: '@floe/cluster', path: '../../etc/x', export: 'f' }, resolve)).toThrow(/only floe's own modules/);
  });

  it('says which package a worker lacks', () => {
    const resolve = (s: string): string => {
      throw new Error(`Cannot find package '${s}'`);
    };
    expect(() => addressToOp({ pkg: '@floe/array', path: 'kernels/tasks', export: 'f' }, resolve)).toThrow(/cannot find package @floe\/array .*same floe version/);
  });
});
