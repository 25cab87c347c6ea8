/**
 * floe — out-of-core dataframes and task graphs for Node.js.
 *
 *   import { readCsv, col } from 'floe';
 *   const t = await readCsv('data/*.csv', { parseDates: ['Date'] })
 *     .groupBy(col('Date').dt.year()).sum().compute();
 */
export * from '@floe/dataframe';
export { TaskGraph, LocalPool, InlineExecutor, runGraph, ref } from '@floe/scheduler';
export type { Executor, TaskSpec, SchedulerEvent, LocalPoolOptions } from '@floe/scheduler';
export * from './tasks.js';
export * as bag from '@floe/bag';
