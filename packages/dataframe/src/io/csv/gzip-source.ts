/**
 * CSV that includes gzip-compressed files, behind the Source seam: each file is one partition
 * (a compressed stream cannot be split), read in a worker by read-gzip-partition.ts, which
 * decompresses it as a stream and scans it with the CSV reader. Plain files read alongside
 * compressed ones are whole-file partitions too. Calendar parts are not taken from digits here
 * (the operator graph computes them).
 */
import { tmpdir } from 'node:os';
import { filesBytes } from '../files-bytes.js';
import { armPrefixRemoval } from '../remove-on-exit.js';
import type { PlannedPartition, Source } from '../source.js';
import { csvScanSpec } from './csv-source.js';
import type { ScanSpec } from '../../physical/pipeline-spec.js';
import type { CsvSource } from './infer-schema.js';
import { isGzipPath } from './gzip.js';
import { isZstdPath } from './zstd.js';

export interface GzipCsvPartition {
  path: string;
  /** Offset of the first data row in the decompressed text. */
  dataStart: number;
  planned: { size: number; mtimeMs: number };
  scan: ScanSpec;
  /** Windows-1252 text, transcoded to UTF-8 as it is read. */
  latin1: boolean;
}

/** The temporary folders of this process's decompressed files: `floe-gunzip-<pid>-…` in the temp dir. */
export function gunzipPrefix(): string {
  return `floe-gunzip-${process.pid}-`;
}

export const gzipCsvFormat: Source<CsvSource> = {
  readsCalendarParts: false,
  singleStage: false,
  // text compresses ~4× (a plain file among them counts 4× too: an overestimate only keeps it on the pool)
  estimatedBytes: (source) => filesBytes(source, 4),
  plan(source, req): PlannedPartition[] {
    // a worker terminated by a cancel leaves its decompressed file behind: gone when the process ends
    armPrefixRemoval(tmpdir(), gunzipPrefix());
    const scan = csvScanSpec(source, { columns: req.columns, parts: {} });
    return source.files.map((f) => {
      const partition: GzipCsvPartition = { path: f.path, dataStart: f.dataStart, planned: { size: f.size, mtimeMs: f.mtimeMs }, scan, latin1: source.latin1 };
      return { input: { kind: 'source', format: 'csv-gz', partition }, scan: null, bytes: f.size };
    });
  },
  explain(source, req) {
    const cols = req.columns === null ? 'all columns' : `columns [${req.columns.join(', ')}]`;
    const codecs = [...new Set(source.files.map((f) => (isZstdPath(f.path) ? 'zstd' : isGzipPath(f.path) ? 'gzip' : 'plain')))].join(' + ');
    const how = source.latin1 ? 'transcoded from Windows-1252' : 'decompressed';
    return `CsvScan ${source.files.length} file(s) (${codecs}${source.latin1 ? ', latin1' : ''}: one partition per file, ${how} as a stream), ${cols}`;
  },
};
