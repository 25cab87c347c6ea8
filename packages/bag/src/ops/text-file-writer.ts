/**
 * Writes one partition's strings as lines of a text file: into `<path>.tmp-<pid>-<thread>`
 * first, renamed into place when the partition is done, removed if it fails, so a reader never
 * sees a half-written part file. Buffers about a megabyte between writes.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { threadId } from 'node:worker_threads';

const FLUSH_AT = 1 << 20;

export class TextFileWriter {
  private readonly tmp: string;
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly path: string) {
    this.tmp = `${path}.tmp-${process.pid}-${threadId}`;
    this.fd = openSync(this.tmp, 'w');
  }

  write(x: unknown): void {
    if (typeof x !== 'string') {
      throw new TypeError(`toTextFiles(): elements must be strings, got ${x === null ? 'null' : typeof x}; map them first, e.g. .map(JSON.stringify) or .map(String)`);
    }
    this.parts.push(x, '\n');
    this.size += x.length + 1;
    if (this.size >= FLUSH_AT) this.flush();
  }

  close(): string {
    this.flush();
    closeSync(this.fd);
    renameSync(this.tmp, this.path);
    return this.path;
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } finally {
      rmSync(this.tmp, { force: true });
    }
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}
