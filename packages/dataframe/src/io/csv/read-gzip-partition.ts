/**
 * Reads one gzip- or zstd-compressed CSV file in a worker (compressed.ts picks the codec by
 * name): it is decompressed as a stream into a
 * private temporary file (memory stays one zlib window and one write buffer, whatever the file
 * size), which the CSV reader then scans as any file; the temporary file is removed whatever
 * happens. A corrupt or truncated member is an error naming the file and how far into the
 * compressed bytes it went; errors of the scan name the .gz file and the decompressed line.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Batch } from '../../kernels/batch.js';
import type { PartitionRead } from '../open-partition.js';
import { CsvError } from './csv-error.js';
import { nullTokenBytes } from './dialect.js';
import { checkUnchanged } from './file-changed.js';
import type { GzipCsvPartition } from './gzip-source.js';
import { decompressor, isCompressedPath } from './compressed.js';
import { GzipError } from './gzip.js';
import { gunzipPrefix } from './gzip-source.js';
import { latin1Transcoder } from './latin1.js';
import { readPartition } from './read-partition.js';
import type { ScanOutput } from './scan-rows.js';

export async function readGzipCsvPartition(p: GzipCsvPartition, onBatch: (b: Batch) => boolean): Promise<PartitionRead> {
  const st = statSync(p.path);
  checkUnchanged(p.path, p.planned, { size: st.size, mtimeMs: st.mtimeMs });
  const scan = { ...p.scan, nullTokens: nullTokenBytes(p.scan.nullValues) };
  const push = (cols: ScanOutput[], n: number) => onBatch({ length: n, columns: new Map(cols.map((c) => [c.name, c.column])) });
  if (!isCompressedPath(p.path) && !p.latin1) {
    const r = readPartition({ path: p.path, start: p.dataStart, end: st.size, dataStart: p.dataStart, firstRow: p.dataStart, planned: p.planned }, scan, push);
    return { rows: r.rows, bytes: r.bytes, skipped: r.skipped, skippedLines: r.skippedLines };
  }
  // named by the process: a worker terminated by a cancel never reaches the finally below, and the
  // driver removes its process's floe-gunzip-<pid>- folders when it ends (gzip-source.ts)
  const dir = mkdtempSync(join(tmpdir(), gunzipPrefix()));
  const text = join(dir, 'data.csv');
  try {
    const codec = isCompressedPath(p.path) ? decompressor(p.path) : null;
    try {
      const stages: NodeJS.ReadWriteStream[] = [...(codec ? [codec.stream] : []), ...(p.latin1 ? [latin1Transcoder()] : [])];
      await pipeline([createReadStream(p.path), ...stages, createWriteStream(text)]);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC') throw new GzipError(`readCsv: ${p.path}: no space left in ${tmpdir()} to decompress it (set TMPDIR to a larger disk)`);
      if (codec === null) throw err;
      throw codec.error(p.path, err, st.size);
    }
    const size = statSync(text).size;
    try {
      const r = readPartition({ path: text, start: p.dataStart, end: size, dataStart: p.dataStart, firstRow: Math.min(p.dataStart, size) }, scan, push);
      return { rows: r.rows, bytes: st.size, skipped: r.skipped, skippedLines: r.skippedLines.map((s) => s.split(text).join(p.path)) };
    } catch (err) {
      if (err instanceof CsvError && err.file === text) {
        const { problem, line, column, value, offset, hint, widenTo } = err;
        throw new CsvError(problem, { file: p.path, line, column, value, offset, hint, widenTo });
      }
      if (err instanceof Error) err.message = err.message.split(text).join(p.path);
      throw err;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
