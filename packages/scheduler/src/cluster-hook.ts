/**
 * How `Client.connect({ redis })` reaches the cluster executor without the scheduler
 * depending on it: `@floe/cluster` registers its connector when imported (the `floe` package
 * imports it), as the dashboard registers its server.
 */
import type { Executor } from './executor.js';

export interface ConnectOptions {
  /** Redis URL: redis://host:6379, redis://:password@host:6379/0, rediss://… (TLS). */
  redis: string;
  /** Queue name shared with the workers (default 'floe'). */
  queue?: string;
  /** The shared directory as mounted on this machine (default: <tmpdir>/floe-cluster). */
  shared?: string;
  /** Keep reconnecting to a lost Redis this long before failing the query (default 30 s). */
  reconnectTimeoutMs?: number;
  /** Wait this long for Redis at start (default 5 s). */
  connectTimeoutMs?: number;
  /** For rediss:// with a private CA: the CA certificate's PEM file (else Node's trusted CAs and NODE_EXTRA_CA_CERTS). */
  redisCa?: string;
}

export type ClusterConnector = (options: ConnectOptions) => Promise<Executor>;

let connector: ClusterConnector | null = null;

export function registerClusterConnector(connect: ClusterConnector | null): void {
  connector = connect;
}

export function registeredClusterConnector(): ClusterConnector | null {
  return connector;
}
