/**
 * Where large task arguments, large results and shuffle buckets live while a query runs: a
 * place every worker and the driver can read. Only a location (a name) travels through
 * Redis. `FileStorage` is a directory on a shared filesystem (NFS, a cluster FS, or a local
 * disk when every process is on one machine); each process is told its own mount point, so
 * the same name resolves on each. An S3-compatible store implements the same four methods.
 */
import { makeDirs } from '@floe/dataframe';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SharedStorage {
  /** A description for messages, e.g. the directory. */
  readonly where: string;
  /** Stores `bytes` under `name` (atomically: readers never see part of it); returns its location. */
  put(name: string, bytes: Uint8Array): Promise<string>;
  get(location: string): Promise<Uint8Array>;
  /** Removes it; a missing location is not an error. */
  delete(location: string): Promise<void>;
}

/** The default shared directory: fine while driver and workers share one machine. */
export const defaultSharedDir = (): string => join(tmpdir(), 'floe-cluster');

const SAFE_NAME = /^[A-Za-z0-9._-]+$/;

export class FileStorage implements SharedStorage {
  readonly where: string;

  constructor(readonly dir: string = defaultSharedDir()) {
    makeDirs(dir);
    this.where = dir;
  }

  async put(name: string, bytes: Uint8Array): Promise<string> {
    const location = this.check(name);
    const tmp = join(this.dir, `.${location}.${process.pid}.tmp`);
    await writeFile(tmp, bytes);
    await rename(tmp, join(this.dir, location));
    return location;
  }

  async get(location: string): Promise<Uint8Array> {
    try {
      return await readFile(join(this.dir, this.check(location)));
    } catch (err) {
      throw new Error(`shared storage ${this.dir}: cannot read ${location} (${(err as Error).message}); every worker and the driver must see the same shared directory (floe worker --shared DIR, Client.connect({ shared }))`);
    }
  }

  async delete(location: string): Promise<void> {
    await rm(join(this.dir, this.check(location)), { force: true });
  }

  /** Locations come from Redis: never let one name a path outside the directory. */
  private check(name: string): string {
    if (!SAFE_NAME.test(name) || name.startsWith('.')) throw new Error(`shared storage: refusing location ${JSON.stringify(name)}`);
    return name;
  }
}
