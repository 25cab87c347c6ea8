/**
 * `floe/core`: the dataframe engine, SQL and the local scheduler without the extras the `floe`
 * entry adds (arrays, bags, the cluster client, ML, the dashboard, the Arrow namespace). What the
 * CLI loads at start: about half of `floe`'s import time (bullmq, ioredis and the ML libraries
 * are not loaded). The same modules as `floe`'s, so values from either work with the other.
 *
 *   import { readCsv, col } from 'floe/core';
 */
export * from '@floe/dataframe';
export { sql, SqlError, sqlFromPaths, type SqlOptions, type SqlPosition } from '@floe/sql';
export { TaskGraph, LocalPool, InlineExecutor, runGraph, ref, ProgressBar } from '@floe/scheduler';
export type { Executor, TaskSpec, SchedulerEvent, LocalPoolOptions, ProgressBarOptions, ProgressStream } from '@floe/scheduler';
