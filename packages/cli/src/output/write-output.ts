/**
 * Writes rendered text to stdout (respecting backpressure) or to a file. A regular file is
 * written under a temporary name in the same directory and renamed into place only when
 * complete, so a failed or interrupted run never leaves a half-written result behind.
 * A symlink is followed (the file it points to is replaced, the link stays); a device, FIFO
 * or socket (`/dev/stdout`, `/dev/null`, a named pipe) is written through, never replaced.
 */
import { chmodSync, closeSync, fsyncSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync, statSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createTempDir, removeTempDir } from 'floe/core';
import type { OutStream } from '../cli-io.js';

const FLUSH_BYTES = 64 * 1024;

export type OutputTarget = { kind: 'stream'; stream: OutStream } | { kind: 'file'; path: string } | { kind: 'fd'; fd: number; path: string };

/** `signal`: a file whose run was interrupted while it was written is not put in place (the old one stays). */
export async function writeOutput(chunks: Iterable<string>, target: OutputTarget, signal?: AbortSignal): Promise<void> {
  if (target.kind === 'stream') await writeStream(chunks, target.stream);
  else if (target.kind === 'fd') writeToFd(chunks, target.fd, target.path);
  else await writeFileAtomically(chunks, target.path, signal);
}

/**
 * The descriptor of this process a path names, through its symlinks: `/dev/stdout`,
 * `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`; null for anything else. Such a path is the
 * shell's redirection: resolved, it named the file behind it (`>> log` then lost the log's
 * lines to the replacing rename) or a `pipe:[…]` that does not exist.
 */
export function descriptorOf(path: string): number | null {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    const m = /^\/dev\/(stdout|stderr)$/.exec(p) ?? /^\/dev\/fd\/(\d+)$/.exec(p) ?? new RegExp(`^/proc/(?:self|thread-self|${process.pid})/fd/(\\d+)$`).exec(p);
    if (m) return m[1] === 'stdout' ? 1 : m[1] === 'stderr' ? 2 : Number(m[1]);
    let st: Stats;
    try { st = lstatSync(p); } catch { return null; }
    if (!st.isSymbolicLink()) return null;
    p = resolve(dirname(p), readlinkSync(p));
  }
  return null;
}

/** Writes into an open descriptor of this process (appending where the shell opened it), leaving it open. */
function writeToFd(chunks: Iterable<string>, fd: number, path: string): void {
  try {
    writeChunks(chunks, fd);
  } catch (err) {
    throw new Error(`cannot write ${path}: ${describeFsError(err)}`);
  }
}

/** The chunks into `fd`, gathered into writes of FLUSH_BYTES or so (a descriptor, a device, the temporary file alike). */
function writeChunks(chunks: Iterable<string>, fd: number): void {
  let buf = '';
  for (const c of chunks) {
    buf += c;
    if (buf.length >= FLUSH_BYTES) { writeAll(fd, buf); buf = ''; }
  }
  if (buf) writeAll(fd, buf);
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

async function writeFileAtomically(chunks: Iterable<string>, path: string, signal?: AbortSignal): Promise<void> {
  const target = followLinks(resolve(path));
  const existing = statOrNull(target);
  if (existing?.isDirectory()) throw new Error(`cannot write ${path}: it is a directory`);
  if (existing && !existing.isFile()) {
    writeThrough(chunks, target, path);
    return;
  }
  // written in a floe temp folder beside the target (the same disk), removed however the process
  // ends: a second Ctrl-C (or timeout's signal to the child and to its group) exits at once, and a
  // `.name.tmp` beside it stayed behind, whole
  const dir = tempFolderIn(dirname(target), path);
  let fd: number;
  const tmp = join(dir, basename(target));
  try {
    fd = openSync(tmp, 'wx');
  } catch (err) {
    removeTempDir(dir);
    throw new Error(`cannot write ${path}: ${describeFsError(err)}`);
  }
  try {
    await writeInto(fd, chunks, tmp, existing, path, signal);
    try {
      renameSync(tmp, target);
    } catch (err) {
      throw new Error(`cannot write ${path}: ${describeFsError(err)}`);
    }
  } finally {
    removeTempDir(dir);
  }
}

/**
 * A floe temp folder (io/temp-dir.ts: removed however the process ends) in `base`, a folder that
 * is there — not made here: a result file goes into a folder that exists, as a shell's `>` does.
 * `what` names the result in the error.
 */
export function tempFolderIn(base: string, what: string): string {
  try {
    if (!statSync(base).isDirectory()) throw Object.assign(new Error(`${base} is not a directory`), { code: 'ENOTDIR' });
    return createTempDir(base);
  } catch (err) {
    throw new Error(`cannot write ${what}: ${describeFsError(err)} (${base})`);
  }
}

/** The chunks into the temporary file `tmp` (open as `fd`), closed; throws when the run was interrupted meanwhile. */
async function writeInto(fd: number, chunks: Iterable<string>, tmp: string, existing: Stats | null, path: string, signal?: AbortSignal): Promise<void> {
  try {
    writeChunks(chunks, fd);
    fsyncSync(fd);
    closeSync(fd);
    if (existing) chmodSync(tmp, existing.mode & 0o7777); // replacing a file keeps its permissions
  } catch (err) {
    try { closeSync(fd); } catch { /* already closed */ }
    throw new Error(`cannot write ${path}: ${describeFsError(err)}`);
  }
  // the write above holds the thread: a Ctrl-C or SIGTERM that came meanwhile is handled now
  // (in the event loop's next poll phase: hence two turns), and the result does not replace the
  // old file (the run went on and exited 0)
  await new Promise<void>((res) => setImmediate(() => setImmediate(res)));
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('interrupted');
}

/** Writes straight into a device, FIFO or socket: it cannot be replaced, and it is not a file to leave half-written. */
function writeThrough(chunks: Iterable<string>, target: string, path: string): void {
  let fd: number;
  try {
    fd = openSync(target, 'w');
  } catch (err) {
    throw new Error(`cannot write ${path}: ${describeFsError(err)}`);
  }
  try {
    writeToFd(chunks, fd, path);
  } finally {
    try { closeSync(fd); } catch { /* already failed */ }
  }
}

/** A pipe may take fewer bytes than given. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off);
}

/** The path a symlink chain ends at (which may not exist yet: a dangling link names the file to create). */
function followLinks(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    let p = path;
    for (let hops = 0; hops < 40; hops++) {
      let st: Stats;
      try { st = lstatSync(p); } catch { return p; }
      if (!st.isSymbolicLink()) return p;
      p = resolve(dirname(p), readlinkSync(p));
    }
    return p;
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT': return 'the directory does not exist';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'it is a directory';
    case 'ENOSPC': return 'no space left on the device';
    default: return e.message;
  }
}
