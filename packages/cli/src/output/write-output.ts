/**
 * Writes rendered text to stdout (respecting backpressure) or to a file. A file is written
 * under a temporary name in the same directory and renamed into place only when complete,
 * so a failed or interrupted run never leaves a half-written result behind.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { OutStream } from '../cli-io.js';

const FLUSH_BYTES = 64 * 1024;

export type OutputTarget = { kind: 'stream'; stream: OutStream } | { kind: 'file'; path: string };

export async function writeOutput(chunks: Iterable<string>, target: OutputTarget): Promise<void> {
  if (target.kind === 'stream') await writeStream(chunks, target.stream);
  else writeFileAtomically(chunks, target.path);
}

async function writeStream(chunks: Iterable<string>, stream: OutStream): Promise<void> {
  let buf = '';
  const flush = async (): Promise<void> => {
    if (buf === '') return;
    const ok = stream.write(buf);
    buf = '';
    if (!ok) await new Promise<void>((res) => stream.once('drain', res));
  };
  for (const c of chunks) {
    buf += c;
    if (buf.length >= FLUSH_BYTES) await flush();
  }
  await flush();
}

function writeFileAtomically(chunks: Iterable<string>, path: string): void {
  const target = resolve(path);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}-${Date.now().toString(36)}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx');
  } catch (err) {
    throw new Error(`cannot write ${path}: ${describeFsError(err)}`);
  }
  try {
    let buf = '';
    for (const c of chunks) {
      buf += c;
      if (buf.length >= FLUSH_BYTES) { writeSync(fd, buf); buf = ''; }
    }
    if (buf) writeSync(fd, buf);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, target);
  } catch (err) {
    try { closeSync(fd); } catch { /* already closed */ }
    rmSync(tmp, { force: true });
    throw new Error(`cannot write ${path}: ${describeFsError(err)}`);
  }
}

function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT': return 'the directory does not exist';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'it is a directory';
    case 'ENOSPC': return 'no space left on the device';
    default: return e.message;
  }
}
