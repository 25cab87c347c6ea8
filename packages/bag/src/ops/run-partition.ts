/**
 * The partition task of a bag (a registered task op; its arguments are plain data): reads the
 * partition's source, runs its fused element chain, and feeds the sink, in one pass.
 * Runs on a worker, or on the calling thread when a function in the chain captures variables
 * (the graph builder marks such tasks local; see api/user-function.ts).
 */
import type { BadLines, PartitionResult, Sink, Source, Step } from '../graph/spec.js';
import { lineNumberAt } from '../io/locate-line.js';
import { readGzipLines } from '../io/read-gzip-lines.js';
import { readRangeLines } from '../io/read-lines.js';
import { csvRow, quote } from './csv-row.js';
import { KeyedMap, keyedOps } from './keyed-map.js';
import { buildChain, type Push } from './pipeline.js';
import { createReducer } from './reduce.js';
import { TextFileWriter } from './text-file-writer.js';

const MAX_EXAMPLES = 5;

/** Thrown by a take sink once it has its n elements: ends reading early. */
class Enough extends Error {}

interface SinkRun {
  push: Push;
  finish(): unknown;
  abort?(): void;
}

/** `partition`: the partition's number (errors of user functions name it). */
export async function runPartition(source: Source, steps: readonly Step[], sink: Sink, partition: number | null = null): Promise<PartitionResult> {
  const s = await openSink(sink, partition);
  const chain = await buildChain(steps, s.push, partition);
  const bad: BadLines = { count: 0, examples: [], warn: source.kind === 'text' && source.json?.onBadLines === 'warn' };
  try {
    await readSource(source, chain, bad);
  } catch (err) {
    if (!(err instanceof Enough)) {
      s.abort?.();
      throw err;
    }
  }
  return { value: s.finish(), bad: bad.count > 0 ? bad : null };
}

async function openSink(sink: Sink, partition: number | null): Promise<SinkRun> {
  switch (sink.kind) {
    case 'collect': {
      const out: unknown[] = [];
      return { push: (x) => void out.push(x), finish: () => out };
    }
    case 'take': {
      const out: unknown[] = [];
      if (sink.n <= 0) return { push: () => { throw new Enough(); }, finish: () => out };
      return {
        push: (x) => {
          out.push(x);
          if (out.length >= sink.n) throw new Enough();
        },
        finish: () => out,
      };
    }
    case 'reduce': {
      const r = await createReducer(sink.spec, partition);
      return { push: r.push, finish: () => r.partial() };
    }
    case 'keyed': {
      const m = new KeyedMap(await keyedOps(sink.spec, partition), sink.p, sink.spill, sink.spec.kind);
      return { push: (x) => m.push(x), finish: () => m.finish() };
    }
    case 'write': {
      const w = new TextFileWriter(sink.path);
      return { push: (x) => w.write(x), finish: () => w.close(), abort: () => w.abort() };
    }
    case 'write-csv': {
      const w = new TextFileWriter(sink.path);
      const known = new Set(sink.columns);
      w.write(sink.columns.map(quote).join(','));
      return { push: (x) => w.write(csvRow(x, sink.columns, known)), finish: () => w.close(), abort: () => w.abort() };
    }
    default:
      throw new Error(`internal: unknown bag sink ${(sink as { kind: string }).kind}`);
  }
}

async function readSource(source: Source, push: Push, bad: BadLines): Promise<void> {
  if (source.kind === 'items') {
    for (const x of source.items) push(x);
    return;
  }
  const { path, json } = source;
  // where a line is: its line number (gzip counts as it streams) or its byte offset (found on error only)
  const locate = (at: number): string => `${path}:${source.gzip ? at : lineNumberAt(path, at)}`;
  const onLine = json === null
    ? (line: string) => push(line)
    : (line: string, at: number) => {
        let v: unknown;
        try {
          v = JSON.parse(line);
        } catch (err) {
          if (line.trim() === '') return;
          const where = locate(at);
          const text = line.length > 80 ? `${line.slice(0, 80)}…` : line;
          if (json.onBadLines === 'error') {
            throw new SyntaxError(`${where}: malformed JSON line (${(err as Error).message}): ${text} — pass { onBadLines: 'skip' } or 'warn' to drop such lines`);
          }
          bad.count++;
          if (bad.examples.length < MAX_EXAMPLES) bad.examples.push(`${where}: ${text}`);
          return;
        }
        push(v);
      };
  if (source.gzip) await readGzipLines(path, onLine);
  else readRangeLines(path, source.start, source.end, onLine);
}
