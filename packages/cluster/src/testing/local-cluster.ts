/**
 * For tests and benchmarks: a private Redis on a free loopback port (no persistence) and
 * `floe worker` processes from packages/cli/dist, all killed on stop() and, should the test
 * process die first, on its exit. Never touches a Redis it did not start.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
export const FLOE_BIN = join(root, 'packages/cli/dist/bin.js');

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once `child` printed a line matching `ready` (on stdout or stderr); rejects if it exits first. */
function waitFor(child: ChildProcess, ready: RegExp, what: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer): void => {
      seen += d.toString();
      if (ready.test(seen)) done(null);
    };
    const onExit = (code: number | null): void => done(new Error(`${what} exited (${code}) before it was ready:\n${seen}`));
    const timer = setTimeout(() => done(new Error(`${what} was not ready after ${timeoutMs} ms:\n${seen}`)), timeoutMs);
    const done = (err: Error | null): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

export interface LocalRedis {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export async function startRedis(extraArgs: string[] = [], password?: string): Promise<LocalRedis> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction', ...extraArgs];
  if (password) args.push('--requirepass', password);
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  // a loaded machine can take seconds to start a process; 20 s says "broken", not "slow"
  await waitFor(child, /Ready to accept connections/, 'redis-server', 20_000);
  return {
    url: password ? `redis://:${password}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`,
    port,
    process: child,
    stop: () => stopChild(child),
  };
}

export interface LocalTlsRedis extends LocalRedis {
  /** The throwaway CA's certificate (PEM file) that signed the server's certificate. */
  readonly ca: string;
}

function openssl(args: string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.error) throw new Error(`the TLS test needs the openssl command (Debian: apt-get install openssl): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`);
}

/**
 * A private Redis that speaks only TLS (`rediss://`, no plain port), with a password, its
 * certificate signed by a throwaway CA made here with openssl (valid one day, for 127.0.0.1).
 * Needs a redis-server built with TLS (Debian's is).
 */
export async function startTlsRedis(password: string): Promise<LocalTlsRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'floe-redis-tls-'));
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=floe test CA'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], dir);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'san.ext'], dir);
  const port = await freePort();
  const args = ['--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--tls-cert-file', join(dir, 'server.pem'), '--tls-key-file', join(dir, 'server.key'),
    '--tls-ca-cert-file', join(dir, 'ca.pem'), '--tls-auth-clients', 'no', '--requirepass', password, '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  try {
    await waitFor(child, /Ready to accept connections/, 'redis-server --tls-port', 20_000);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `rediss://:${password}@127.0.0.1:${port}`,
    port,
    process: child,
    ca: join(dir, 'ca.pem'),
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface LocalWorker {
  readonly process: ChildProcess;
  readonly pid: number;
  stop(): Promise<void>;
}

export async function startWorkers(url: string, n: number, options: { concurrency?: number; lockMs?: number; shared?: string; queue?: string; redisCa?: string } = {}): Promise<LocalWorker[]> {
  const started = Array.from({ length: n }, () => {
    const args = [FLOE_BIN, 'worker', '--redis', url, '--concurrency', String(options.concurrency ?? 1)];
    if (options.lockMs) args.push('--lock-ms', String(options.lockMs));
    if (options.shared) args.push('--shared', options.shared);
    if (options.queue) args.push('--queue', options.queue);
    if (options.redisCa) args.push('--redis-ca', options.redisCa);
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    return child;
  });
  // each worker imports floe and starts its threads: slow on a loaded 2-core machine
  await Promise.all(started.map((c) => waitFor(c, /ready:/, 'floe worker', 60_000)));
  return started.map((child) => ({ process: child, pid: child.pid!, stop: () => stopChild(child) }));
}

async function stopChild(child: ChildProcess): Promise<void> {
  children.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** A fresh shared directory for a test, and its removal. */
export function tempShared(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'floe-cluster-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
