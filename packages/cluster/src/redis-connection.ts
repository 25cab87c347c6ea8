/**
 * Connections to Redis for the driver and the workers: one ioredis client per BullMQ role,
 * each reconnecting with capped exponential back-off (BullMQ needs `maxRetriesPerRequest:
 * null` for its blocking reads). `openRedis` first proves the server answers, so a wrong
 * URL fails at once with a message that names it, instead of retrying forever.
 */
import { readFileSync } from 'node:fs';
import type { Redis, RedisOptions } from 'ioredis';
import { checkRedisUrl, redactRedisUrl } from './redis-url.js';

export interface RedisConnectOptions {
  /**
   * A PEM file of the certificate authority that signed the server's certificate, for a
   * `rediss://` URL whose server certificate is not signed by a CA Node already trusts
   * (a private CA). Without it, Node's trusted CAs plus NODE_EXTRA_CA_CERTS apply.
   */
  redisCa?: string;
  /** Give up connecting after this many ms (default 5000). */
  connectTimeoutMs?: number;
  /** Where warnings go (default: process.emitWarning). */
  warn?: (message: string) => void;
}

/** Back-off between reconnect attempts: 100 ms, 200 ms, … capped at 2 s. */
export const reconnectDelay = (times: number): number => Math.min(100 * 2 ** Math.min(times - 1, 5), 2000);

export function redisOptions(): RedisOptions {
  return { maxRetriesPerRequest: null, enableReadyCheck: true, retryStrategy: reconnectDelay, lazyConnect: true };
}

/** TLS settings for `url`: none for redis://; for rediss://, Node's CAs or the given CA file. */
export function tlsOptions(url: string, redisCa: string | undefined): RedisOptions {
  const secure = checkRedisUrl(url).protocol === 'rediss:';
  if (redisCa === undefined) return {};
  if (!secure) throw new Error(`--redis-ca / { redisCa } is for TLS: the URL ${redactRedisUrl(url)} is redis://, write rediss://host:port`);
  let ca: Buffer;
  try {
    ca = readFileSync(redisCa);
  } catch (err) {
    throw new Error(`--redis-ca / { redisCa }: cannot read the CA certificate ${redisCa} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`--redis-ca / { redisCa }: ${redisCa} is not a PEM certificate (no -----BEGIN CERTIFICATE----- line)`);
  return { tls: { ca } };
}

/** A connected client, or a clear error naming the (redacted) URL. */
export async function openRedis(url: string, options: RedisConnectOptions = {}): Promise<Redis> {
  checkRedisUrl(url);
  const where = redactRedisUrl(url);
  const timeout = options.connectTimeoutMs ?? 5000;
  const tls = tlsOptions(url, options.redisCa);
  // no retries while proving the server is there: the first failure is the answer
  // loaded here, not at import: ioredis and bullmq are ~125 ms of every `import 'floe'` (cluster-executor.ts)
  const { Redis } = await import('ioredis');
  const probe = new Redis(url, { ...redisOptions(), ...tls, retryStrategy: () => null, connectTimeout: timeout, maxRetriesPerRequest: 1 });
  let cause: Error | null = null; // the socket's own error (ECONNREFUSED, WRONGPASS) says more than "Connection is closed"
  probe.on('error', (err: Error) => {
    cause ??= err;
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    probe.disconnect();
    const why = ((cause as Error | null) ?? (err as Error)).message.replace(/\.$/, '');
    throw new Error(`cannot reach Redis at ${where}: ${why}; is redis-server running there (and the password/TLS scheme right)?`);
  }
  probe.disconnect();
  const client = new Redis(url, { ...redisOptions(), ...tls });
  await client.connect();
  await checkEvictionPolicy(client, where, options.warn ?? ((m) => process.emitWarning(m)));
  return client;
}

/**
 * BullMQ keeps jobs and locks as ordinary keys: a server that evicts keys under memory
 * pressure silently loses tasks. Warn (do not fail: a managed Redis may refuse CONFIG).
 */
export async function checkEvictionPolicy(client: Redis, where: string, warn: (m: string) => void): Promise<void> {
  let policy: string | null = null;
  try {
    const reply = (await client.config('GET', 'maxmemory-policy')) as string[];
    policy = reply[1] ?? null;
  } catch {
    return; // CONFIG is disabled on some managed servers; nothing to check
  }
  if (policy !== null && policy !== 'noeviction') {
    warn(`Redis at ${where} has maxmemory-policy ${policy}: under memory pressure it may evict floe's queued tasks; set \`maxmemory-policy noeviction\``);
  }
}
