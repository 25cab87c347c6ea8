/**
 * CSV behind the Source seam: partitions are byte ranges of about `blocksize` bytes whose rows
 * are found by the reader (read-partition.ts, with the quote-parity protocol of
 * physical/parity-chain.ts); each range carries the tokenizer's spec. Calendar parts can be
 * taken straight from timestamp digits.
 */
import type { ScanSpec } from '../../physical/pipeline-spec.js';
import { filesBytes } from '../files-bytes.js';
import type { PlannedPartition, ScanRequest, Source } from '../source.js';
import type { CsvSource } from './infer-schema.js';
import { dictionaryBound } from './dictionary-cache.js';
import { planPartitions } from './partitions.js';
import type { ScanFieldSpec } from './scan-rows.js';

export const DEFAULT_BATCH_ROWS = 32_768;

export const csvFormat: Source<CsvSource> = {
  readsCalendarParts: true,
  singleStage: true,
  estimatedBytes: (source) => filesBytes(source),
  plan(source, req): PlannedPartition[] {
    const spec = csvScanSpec(source, req);
    return planPartitions(source.files, req.blocksize).map((p) => ({
      input: { kind: 'csv', range: { path: p.path, start: p.start, end: p.end, dataStart: p.dataStart, planned: p.planned } },
      scan: spec,
      bytes: p.end - p.start,
    }));
  },
  explain(source, req) {
    const cols = req.columns === null ? 'all columns' : `columns [${req.columns.join(', ')}]`;
    const parts = Object.entries(req.parts).map(([c, p]) => `${c} → ${p.join('/')}`);
    return `CsvScan ${source.files.length} file(s), ${cols}${parts.length ? `, calendar parts from digits: ${parts.join(', ')}` : ''}, blocksize ${req.blocksize}`;
  },
};

/** What the tokenizer of every range needs: the projected fields (or their calendar parts) and the dialect. */
export function csvScanSpec(source: CsvSource, req: Pick<ScanRequest, 'columns' | 'parts' | 'dictionaryBytes' | 'carried'>): ScanSpec {
  const schema = source.schema;
  const wanted = new Set(req.columns ?? schema.map((f) => f.name));
  const carried = new Set(req.carried ?? []);
  const fields: ScanFieldSpec[] = [];
  schema.forEach((f, index) => {
    const parts = Object.hasOwn(req.parts, f.name) ? req.parts[f.name] : undefined;
    const given = source.givenTypes.includes(f.name);
    if (parts) fields.push({ index, name: f.name, dtype: f.dtype, parts, given });
    else if (wanted.has(f.name)) {
      const distinct = f.dtype === 'string' && source.distinct !== undefined && Object.hasOwn(source.distinct, f.name) ? source.distinct[f.name] : undefined;
      fields.push(distinct === undefined ? { index, name: f.name, dtype: f.dtype, given } : { index, name: f.name, dtype: f.dtype, distinct, maxDictionary: dictionaryBound(distinct, source.estimatedRows, req.dictionaryBytes), given, ...(carried.has(f.name) ? { carried: true } : {}) });
    }
  });
  return {
    nFields: schema.length,
    fields,
    delimiter: source.delimiter,
    nullValues: source.nullValues,
    dateErrorsNull: source.dateErrorsNull,
    skipBadLines: source.onBadLines === 'skip' || source.onBadLines === 'warn',
    padShortRows: source.onBadLines === 'pad',
    dialect: source.dialect,
    lossyUtf8: source.lossyUtf8,
    dateFormats: source.dateFormats,
    batchRows: DEFAULT_BATCH_ROWS,
  };
}
