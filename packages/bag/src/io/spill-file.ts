/**
 * Spill files of keyed-aggregation buckets: a sequence of records, each a 4-byte length and a
 * V8-serialized array of entries (the structured-clone format values already cross threads
 * in, so what comes back equals what went out). Appended to while a map task runs; read back,
 * record by record, by the reduce task that owns the bucket. The files live in the query's
 * spill directory, which is removed when the query ends.
 */
import { appendFileSync, closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';

/** `first`: the file is started afresh (a map task re-run after its worker died must not append to its earlier attempt's file). */
export function appendRecord(path: string, entries: readonly unknown[], first: boolean): void {
  const body = serialize(entries);
  const head = Buffer.allocUnsafe(4);
  head.writeUInt32LE(body.length, 0);
  const record = Buffer.concat([head, body]);
  if (first) writeFileSync(path, record);
  else appendFileSync(path, record);
}

export function readRecords(path: string, onRecord: (entries: unknown[]) => void): void {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.allocUnsafe(4);
    for (let pos = 0; ; ) {
      if (readSync(fd, head, 0, 4, pos) < 4) return;
      const n = head.readUInt32LE(0);
      const body = Buffer.allocUnsafe(n);
      if (readSync(fd, body, 0, n, pos + 4) < n) throw new Error(`spill file ${path} is truncated`);
      onRecord(deserialize(body) as unknown[]);
      pos += 4 + n;
    }
  } finally {
    closeSync(fd);
  }
}
