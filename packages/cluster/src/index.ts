export { ClusterExecutor, type ClusterOptions } from './cluster-executor.js';
export { startWorker, type WorkerOptions, type RunningWorker } from './cluster-worker.js';
export { FileStorage, defaultSharedDir, type SharedStorage } from './shared-storage.js';
export type { ClusterWorkerInfo } from './worker-registry.js';
export { opToAddress, addressToOp, type OpAddress } from './op-address.js';
export { redactRedisUrl } from './redis-url.js';
import './register.js';
