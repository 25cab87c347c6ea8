/**
 * Measured child: one db-benchmark question on floe as a library — readCsv over each input, the
 * question's lazy query, compute() on a LocalPool of `threads` workers (with `memoryLimit` when
 * given). A question needing an API this floe build lacks reports "unsupported". See
 * child-protocol.ts. With `answer: 'file'` the query is written with writeCsv instead.
 */
import { rmSync } from 'node:fs';
import { LocalPool, readCsv, type ComputeOptions } from 'floe';
import { findQuestion } from './catalog.js';
import { printReport, readChildSpec, startClock } from './child-protocol.js';
import { NotSupported } from './floe-api.js';
import { joinParts, writeAnswer } from './write-answer.js';

async function main(): Promise<void> {
  const spec = readChildSpec();
  const question = findQuestion(spec.task, spec.question);
  const stop = startClock();
  const pool = new LocalPool({ workers: spec.threads });
  try {
    const tables = Object.fromEntries(Object.entries(spec.files).map(([name, path]) => [name, readCsv(path)]));
    let query;
    try {
      query = question.floe(tables);
    } catch (e) {
      // building the lazy query touches no data: a TypeError here is an API floe does not have yet
      if (!(e instanceof NotSupported || e instanceof TypeError)) throw e;
      printReport({ status: 'unsupported', peakRss: stop().peakRss, message: (e as Error).message });
      return;
    }
    const options: ComputeOptions & { memoryLimit?: string } = { executor: pool };
    if (spec.memoryLimit) options.memoryLimit = spec.memoryLimit;
    if (spec.answer === 'file') {
      // the answer goes to files inside the timed query, as DuckDB's COPY … TO does; the parts
      // (in key order) are joined into one answer file afterwards, untimed
      const dir = `${spec.answerPath}.parts`;
      const res = await query.writeCsv(dir, options);
      const { wall, peakRss } = stop();
      joinParts(res.files, spec.answerPath);
      rmSync(dir, { recursive: true, force: true });
      printReport({ status: 'ok', wall, peakRss, rows: res.rows });
      return;
    }
    const table = await query.compute(options);
    const { wall, peakRss } = stop();
    writeAnswer(table, spec.answerPath);
    printReport({ status: 'ok', wall, peakRss, rows: table.numRows });
  } finally {
    await pool.close();
  }
}

await main();
