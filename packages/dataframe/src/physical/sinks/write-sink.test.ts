import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWriteFormat } from '../../io/part-writer.js';
import type { Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import type { Sink, WrittenFile } from '../pipeline-spec.js';
import { writeSink } from './write-sink.js';

// as on the driver (a worker task loads its writer first: physical/task-libraries.ts)
beforeAll(async () => { await loadWriteFormat('parquet'); await loadWriteFormat('ipc'); });

const dir = mkdtempSync(join(tmpdir(), 'floe-writesink-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fields: Field[] = [{ name: 'a', dtype: 'int64' }, { name: 's', dtype: 'string' }];
const batch = (as: number[], ss: string[]) => ({
  length: as.length,
  columns: new Map<string, Column>([
    ['a', { dtype: 'int64', length: as.length, values: Float64Array.from(as), valid: null }],
    ['s', { dtype: 'string', length: ss.length, values: Int32Array.from(ss, (_, i) => i), valid: null, dict: ss }],
  ]),
});

const spec = (name: string): Extract<Sink, { kind: 'write' }> => {
  const target = join(dir, name);
  return { kind: 'write', format: 'csv', fields, dir: target, tmpDir: mkdtempSync(join(dir, `${name}-tmp-`)), delimiter: ',' };
};

/** Paths the process holds open (Linux). */
const openFiles = (): string[] => readdirSync('/proc/self/fd').map((fd) => { try { return readlinkSync(`/proc/self/fd/${fd}`); } catch { return ''; } });

describe('write sink', () => {
  it('streams every batch to its part file in the temporary directory and counts the rows', () => {
    const s = spec('csv');
    const sink = writeSink(s, 3);
    expect(sink.push(batch([1, 2], ['x', 'y']))).toBe(true);
    expect(sink.push({ length: 0, columns: new Map() })).toBe(true); // an empty batch (a filter kept nothing)
    expect(sink.push(batch([3], ['z']))).toBe(true);
    const out = sink.finish() as WrittenFile;
    expect(out).toEqual({ kind: 'write', tmpPath: join(s.tmpDir, 'part-00003.csv'), path: join(s.dir, 'part-00003.csv'), rows: 3 });
    expect(readFileSync(out.tmpPath, 'utf8')).toBe('a,s\n1,x\n2,y\n3,z\n');
  });

  it.each(['parquet', 'ipc'] as const)('passes an empty batch, with no columns, to a %s part writer, which skips it', (format) => {
    const s = { ...spec(format), format };
    const sink = writeSink(s, 1);
    expect(sink.push({ length: 0, columns: new Map() })).toBe(true);
    sink.push(batch([1, 2], ['x', 'y']));
    const out = sink.finish() as WrittenFile;
    expect(out.rows).toBe(2);
    expect(readFileSync(out.tmpPath).length).toBeGreaterThan(0);
  });

  it.skipIf(!existsSync('/proc/self/fd'))('closes its part file on abort', () => {
    const s = spec('abort');
    const sink = writeSink(s, 0);
    sink.push(batch([1], ['x']));
    const path = join(s.tmpDir, 'part-00000.csv');
    expect(openFiles()).toContain(path);
    sink.abort();
    expect(openFiles()).not.toContain(path);
  });
});
