/**
 * Task graphs for everyone: delayed functions, futures on a client, graph pictures, progress
 * bars and the live dashboard (importing this module lets `Client.start({ dashboard })` serve it).
 *
 *   import { delayed, compute, Client, asCompleted } from 'floe';
 *   const cube = delayed(async (n: number) => n ** 3, { name: 'cube' });
 *   await compute(cube(1), cube(2));
 */
import '@floe/dashboard';

export {
  delayed, compute, Delayed,
  Client, Future, CancelledError, asCompleted,
  getCurrentClient, setCurrentClient,
  graphToDot, renderDot, visualizeGraph, visualizeDot,
  closeSharedPool,
} from '@floe/scheduler';
export type {
  DelayedFunction, DelayedOptions, Lazy, FunctionOptions,
  ClientOptions, FutureStatus, RunOptions,
  DotOptions, PictureFormat, VisualizeTarget,
} from '@floe/scheduler';
export { startDashboard, type DashboardOptions, type Snapshot } from '@floe/dashboard';
