/** Makes `Client.connect({ redis })` run on this package (imported for its effect by index.ts). */
import { registerClusterConnector } from '@floe/scheduler';
import { ClusterExecutor } from './cluster-executor.js';

registerClusterConnector((options) => ClusterExecutor.connect(options));
