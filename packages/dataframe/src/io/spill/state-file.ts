/**
 * Aggregate states on disk. States are not tables (a median keeps every value of a group, a
 * distinct count a set), so they are written with V8's structured serialization, which keeps
 * typed arrays, bigints, Sets and Maps exactly. Same protocol as chunk files: temporary name,
 * rename, a clear error when a file is missing or corrupt.
 */
import { deserialize, serialize } from 'node:v8';
import { readSpillFile, SpillError, writeSpillFile } from './spill-file.js';

export function writeStateFile(path: string, value: unknown): number {
  const bytes = serialize(value);
  writeSpillFile(path, bytes);
  return bytes.byteLength;
}

export function readStateFile<T>(path: string): T {
  const bytes = readSpillFile(path);
  try {
    return deserialize(bytes) as T;
  } catch (err) {
    throw new SpillError(`spill file ${path} is corrupt: ${(err as Error).message}`);
  }
}
