/** Reads one Arrow IPC file in a worker: its record batches, only the projected columns, as floe batches. */
import { readFileSync, statSync } from 'node:fs';
import { RecordBatchReader, Table as ArrowTable } from 'apache-arrow';
import type { Batch } from '../../kernels/batch.js';
import type { Column } from '../../kernels/column.js';
import type { PartitionRead } from '../open-partition.js';
import { columnsFromArrow } from './from-arrow.js';
import type { IpcPartition } from './ipc-source.js';

export async function readIpcPartition(partition: IpcPartition, onBatch: (b: Batch) => boolean): Promise<PartitionRead> {
  const { path, fields, planned } = partition;
  const st = statSync(path);
  if (st.size !== planned.size || st.mtimeMs !== planned.mtimeMs) throw new Error(`${path} changed while the query ran (size ${planned.size} → ${st.size}); run the query again`);
  const bytes = readFileSync(path);
  let rows = 0;
  let reader;
  try {
    reader = RecordBatchReader.from(bytes).open();
  } catch (err) {
    throw new Error(`${path}: corrupt Arrow IPC file: ${(err as Error).message}`);
  }
  for (;;) {
    let next;
    try {
      next = reader.next();
    } catch (err) {
      // a stream cut short: apache-arrow's message names neither the file nor how far it got
      throw new Error(`${path}: corrupt or cut short Arrow IPC file after ${rows} rows: ${(err as Error).message}`);
    }
    if (next.done) break;
    const t = new ArrowTable(next.value).select(fields.map((f) => f.name));
    const { columns } = columnsFromArrow(t, path);
    const batch: Batch = { length: t.numRows, columns: new Map<string, Column>(fields.map((f, k) => [f.name, columns[k]])) };
    rows += t.numRows;
    if (t.numRows > 0 && !onBatch(batch)) break;
  }
  return { rows, bytes: bytes.length };
}
