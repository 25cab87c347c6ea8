/**
 * The protocol every spill file keeps (row chunks, aggregate states, shared dictionaries): written
 * under a temporary name and renamed, so a reader never sees half a file; read back, a file that
 * is missing is a SpillError naming it (a corrupt one is the reader's to name), never a wrong
 * answer.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export class SpillError extends Error {
  override name = 'SpillError';
}

export function writeSpillFile(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

/** The bytes of `path`; `what` names it in the error ('spill file', 'spill dictionary'). */
export function readSpillFile(path: string, what = 'spill file'): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new SpillError(`${what} ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}): was the temporary directory removed while the query ran?`);
  }
}
