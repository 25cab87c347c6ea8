/**
 * The live dashboard: importing this package lets `Client.start({ dashboard })` serve it.
 */
import { registerDashboard } from '@floe/scheduler';
import { startDashboard } from './server.js';

registerDashboard((client, request) => startDashboard(client, request));

export { startDashboard, type DashboardOptions } from './server.js';
export { DashboardState, type Snapshot, type TaskBar, type GroupProgress, type Throughput } from './dashboard-state.js';
