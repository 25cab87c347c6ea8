/**
 * Many machines: `Client.connect({ redis })` (registered by importing @floe/cluster) and the
 * `floe worker` process. The worker finds ops by floe package name, resolved from here: this
 * package depends on every floe package, so each resolves to this installation's copy.
 */
import { startWorker, type RunningWorker, type WorkerOptions } from '@floe/cluster';

export { ClusterExecutor, FileStorage, type ClusterOptions, type SharedStorage, type ClusterWorkerInfo } from '@floe/cluster';
export type { ConnectOptions, WorkerInfo } from '@floe/scheduler';
export type { RunningWorker };

/** Starts a `floe worker` in this process (what the CLI's `floe worker` runs). */
export function startClusterWorker(options: Omit<WorkerOptions, 'resolve'>): Promise<RunningWorker> {
  return startWorker({ ...options, resolve: (specifier) => import.meta.resolve(specifier) });
}
