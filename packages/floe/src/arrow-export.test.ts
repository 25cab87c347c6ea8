/** The README's toBatches example: batches from floe go into floe's own apache-arrow (`arrow`) as one table. */
import { describe, expect, test } from 'vitest';
import { arrow, col, fromColumns } from './index.js';

describe('arrow re-export', () => {
  test('streamed batches make one Arrow table and one IPC stream, read back whole', async () => {
    const df = fromColumns({ status: Array.from({ length: 4000 }, (_, i) => (i % 4 === 0 ? 500 : 200)), path: Array.from({ length: 4000 }, (_, i) => `/p${i % 9}`) }, { blocksize: 4096 });
    const out: arrow.RecordBatch[] = [];
    for await (const batch of df.filter(col('status').eq(500)).toBatches({ batchSize: 300 })) out.push(batch);
    const back = arrow.tableFromIPC(arrow.tableToIPC(new arrow.Table(out)));
    expect(back.numRows).toBe(1000);
    expect(back.getChild('path')!.get(999)).toBe(`/p${3996 % 9}`);
  });
});
