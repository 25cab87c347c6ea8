export type { OpRef, TaskRef, TaskSpec } from './task.js';
export { ref, isRef } from './task.js';
export { TaskGraph, type AddTask } from './graph.js';
export type { Executor, TaskCall, TaskOutcome } from './executor.js';
export { LocalPool, type LocalPoolOptions } from './local-pool.js';
export { InlineExecutor } from './inline-executor.js';
export { runGraph, type RunGraphOptions } from './run-graph.js';
export type { SchedulerEvent, EventListener } from './events.js';
export { errorToData, dataToError, type ErrorData } from './worker/error-data.js';
