/**
 * Input that is a stream rather than a file: `-` (standard input: `zcat x.csv.gz | floe agg - …`)
 * or a path to a pipe, FIFO or character device (`/dev/stdin`, bash's `<(zcat x.gz)`).
 *
 * The engine reads a file more than once and in byte ranges (a sample for the types, then one
 * range per partition), which a stream cannot give. So each such input is first copied, as it
 * arrives and never held in memory, into a private temporary folder; the command then reads the
 * copy, and the folder is removed when the command ends, however it ends. Error messages name
 * the input as the user gave it (`<stdin>`, `/dev/fd/63`), never the copy.
 */
import { closeSync, createReadStream, createWriteStream, mkdtempSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { CliIO } from './cli-io.js';
import { UsageError } from './usage-error.js';

export const STDIN_PATH = '-';
const STDIN_LABEL = '<stdin>';

export class StreamInputs {
  private dir: string | null = null;
  /** copy path → the name the user gave */
  private readonly labels = new Map<string, string>();

  /** `paths` with every stream input replaced by a finished copy of it. */
  async spool(paths: readonly string[], io: CliIO): Promise<string[]> {
    const out: string[] = [];
    // standard input can be read once: a second '-' would be an empty file
    if (paths.filter((p) => p === STDIN_PATH).length > 1) throw new UsageError("'-' (standard input) is given more than once; it can be read once: name it once");
    for (const p of paths) out.push(isStream(p) ? await this.copy(p, io) : p);
    return out;
  }

  /** `message` with each copy's path replaced by the name the user gave. */
  relabel(message: string): string {
    let m = message;
    for (const [copy, label] of this.labels) m = m.split(copy).join(label);
    return m;
  }

  private readonly onExit = (): void => this.dispose();

  /** Removes the copies (idempotent). */
  dispose(): void {
    if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
    process.off('exit', this.onExit);
  }

  private async copy(p: string, io: CliIO): Promise<string> {
    if (p === STDIN_PATH) {
      if (!io.stdin) throw new UsageError("'-' reads standard input, which this command has none of");
      if (io.stdin.isTTY) throw new UsageError("'-' reads CSV from standard input, but it is a terminal: pipe a file into floe (`cat data.csv | floe …`) or give its path");
    }
    if (this.dir === null) {
      this.dir = mkdtempSync(join(tmpdir(), 'floe-stdin-'));
      // also when the process exits before main's finally: a closed stdout pipe exits at once
      process.once('exit', this.onExit);
    }
    let target = join(this.dir, `${this.labels.size}-${p === STDIN_PATH ? 'stdin.csv' : safeName(p)}`);
    const source = p === STDIN_PATH ? io.stdin! : createReadStream(p);
    await pipeline(source, createWriteStream(target, { flags: 'wx' }), io.signal ? { signal: io.signal } : {});
    // a stream has no extension to name its format: standard input (or a nameless pipe) is read
    // by its first bytes — JSON lines, gzip, zstd, Parquet, Arrow IPC — and as CSV otherwise
    if (target.endsWith('.csv')) {
      const kind = sniffKind(target);
      if (kind === 'json') throw new UsageError(`${p === STDIN_PATH ? STDIN_LABEL : p} holds one JSON array, not JSON lines (an object a line); floe reads JSON lines: convert it on the way in, e.g. … | jq -c '.[]' | floe …`);
      if (kind !== 'csv') renameSync(target, (target = `${target.slice(0, -'.csv'.length)}.${kind}`));
    }
    this.labels.set(target, p === STDIN_PATH ? STDIN_LABEL : p);
    return target;
  }
}

/** `-`, or an existing path that is neither a regular file nor a directory (a pipe, FIFO, device). */
export function isStream(p: string): boolean {
  if (p === STDIN_PATH) return true;
  try {
    const s = statSync(p);
    return !s.isFile() && !s.isDirectory();
  } catch {
    return false; // missing, or a glob: readCsv reports it
  }
}

/** The extension a stream's copy is read by, from its first bytes (csv when none matches). */
export function sniffKind(path: string): string {
  const b = firstBytes(path, 64);
  if (b[0] === 0x1f && b[1] === 0x8b) return 'csv.gz';
  if (b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd) return 'csv.zst';
  if (b.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  if (b.subarray(0, 6).toString('latin1') === 'ARROW1') return 'arrow';
  // a JSON object first: JSON lines; an array: 'json' (read as CSV, it was a header and no rows)
  const json = startsJson(b);
  return json === '{' ? 'jsonl' : json === '[' ? 'json' : 'csv';
}

/** A file's first `n` bytes (fewer when it is shorter). */
export function firstBytes(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(n);
  try {
    return head.subarray(0, readSync(fd, head, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

/** The first character of text after a byte order mark and blank space, when it opens JSON ('{' an object, '[' an array); null otherwise. */
export function startsJson(head: Buffer): '{' | '[' | null {
  const c = /^(\uFEFF)?\s*([{[])/.exec(head.toString('utf8'))?.[2];
  return c === '{' || c === '[' ? c : null;
}

/** The copy keeps the input's name and extension (which may name its format); none means CSV. */
function safeName(p: string): string {
  const name = basename(p).replace(/[^\w.-]/g, '_');
  return name.includes('.') ? name : `${name || 'input'}.csv`;
}
