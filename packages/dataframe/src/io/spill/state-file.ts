/**
 * Aggregate states on disk. States are not tables (a median keeps every value of a group, a
 * distinct count a set), so they are written with V8's structured serialization, which keeps
 * typed arrays, bigints, Sets and Maps exactly. Same protocol as chunk files: temporary name,
 * rename, a clear error when a file is missing or corrupt.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { SpillError } from './spill-error.js';

export function writeStateFile(path: string, value: unknown): number {
  const bytes = serialize(value);
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
  return bytes.byteLength;
}

export function readStateFile<T>(path: string): T {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new SpillError(`spill file ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}): was the temporary directory removed while the query ran?`);
  }
  try {
    return deserialize(bytes) as T;
  } catch (err) {
    throw new SpillError(`spill file ${path} is corrupt: ${(err as Error).message}`);
  }
}
