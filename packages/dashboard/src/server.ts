/**
 * The dashboard's HTTP server (plain node:http), bound to loopback unless the user names
 * another host:
 *
 *   GET /, /status      the status page
 *   GET /events         Server-Sent Events: a snapshot at once (with recent task bars), then
 *                       about 8 a second while work runs and one a second while idle; each
 *                       carries only the bars the viewer does not have yet
 *   GET /api/snapshot   one snapshot as JSON
 *   GET /assets/<name>  the page's own script and styles, from a fixed allow-list
 *
 * Anything else is 404 (there is no file system behind the paths, so `..` leads nowhere),
 * other methods 405. A request whose Host header is not this server's own name is refused,
 * so that a web page cannot reach it through DNS rebinding. Never keeps the process alive:
 * the listening socket and the viewers' connections are unref'd. On a port already in use (a
 * second dashboard), it serves on a free port instead and says so in a warning naming both.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client, DashboardHandle, DashboardRequest } from '@floe/scheduler';
import { loadAssets, type Asset } from './assets.js';
import { DashboardState, type Snapshot } from './dashboard-state.js';

export interface DashboardOptions {
  /** Snapshot interval while work runs (default 125 ms). */
  busyIntervalMs?: number;
  /** Snapshot interval while idle (default 1000 ms). */
  idleIntervalMs?: number;
}

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export async function startDashboard(client: Client, request: DashboardRequest, options: DashboardOptions = {}): Promise<DashboardHandle> {
  const assets = loadAssets();
  const state = new DashboardState();
  const off = client.on(state.listener);
  const viewers = new Set<{ res: ServerResponse; lastSeq: number }>();
  let port = request.port;

  const snapshot = async (after: number): Promise<Snapshot> => {
    const workers = (await client.executor.workerMemory?.().catch(() => null)) ?? new Map<number, number>();
    return state.snapshot(after, { workers, ids: client.executor.workerIds?.() ?? [] });
  };

  const allowedHosts = (): Set<string> => {
    const names = LOOPBACK.has(request.host) ? [...LOOPBACK] : [request.host];
    return new Set(names.map((n) => `${n.includes(':') && !n.startsWith('[') ? `[${n}]` : n}:${port}`.toLowerCase()));
  };
  const wildcard = request.host === '0.0.0.0' || request.host === '::';

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `dashboard error: ${(err as Error)?.message ?? err}`);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!wildcard && !allowedHosts().has((req.headers.host ?? '').toLowerCase())) {
      return send(res, 403, 'text/plain; charset=utf-8', 'unknown host');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
    }
    const path = new URL(req.url ?? '/', 'http://dashboard').pathname;
    if (path === '/' || path === '/status') return sendAsset(res, assets.get('index.html')!, req.method === 'HEAD');
    if (path.startsWith('/assets/')) {
      const asset = assets.get(path.slice('/assets/'.length));
      if (asset && asset.name !== 'index.html') return sendAsset(res, asset, req.method === 'HEAD');
      return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    }
    if (path === '/api/snapshot') return send(res, 200, 'application/json', JSON.stringify(await snapshot(0)));
    if (path === '/events') return openStream(req, res);
    return send(res, 404, 'text/plain; charset=utf-8', 'not found');
  }

  async function openStream(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    req.socket.unref();
    res.write('retry: 1000\n\n');
    const viewer = { res, lastSeq: 0 };
    viewers.add(viewer);
    req.on('close', () => viewers.delete(viewer));
    await push(viewer, await snapshot(0));
  }

  async function push(viewer: { res: ServerResponse; lastSeq: number }, snap: Snapshot): Promise<void> {
    viewer.lastSeq = snap.lastSeq;
    viewer.res.write(`event: snapshot\ndata: ${JSON.stringify(snap)}\n\n`);
  }

  // One timer for all viewers: fast while work runs (and once more when it stops), slow while idle.
  const busyMs = options.busyIntervalMs ?? 125;
  const idleMs = options.idleIntervalMs ?? 1000;
  let lastPush = 0;
  let wasBusy = false;
  let ticking = false;
  const ticker = setInterval(() => {
    if (ticking || viewers.size === 0) return;
    const now = Date.now();
    const busy = state.busy;
    if (!busy && !wasBusy && now - lastPush < idleMs) return;
    wasBusy = busy;
    lastPush = now;
    ticking = true;
    void (async () => {
      try {
        const base = await snapshot(Number.MAX_SAFE_INTEGER);
        for (const v of viewers) await push(v, { ...base, stream: state.barsAfter(v.lastSeq) });
      } finally {
        ticking = false;
      }
    })();
  }, busyMs);
  ticker.unref();

  try {
    await listen(server, request.port, request.host);
  } catch (err) {
    // Another dashboard (or anything else) has the port: serve on a free one and say which, as Dask does.
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || request.port === 0) throw err;
    await listen(server, 0, request.host);
  }
  server.unref();
  port = (server.address() as AddressInfo).port;
  const hostInUrl = wildcard ? '127.0.0.1' : request.host.includes(':') ? `[${request.host}]` : request.host;
  if (port !== request.port && request.port !== 0) {
    process.emitWarning(`port ${request.port} is already in use (another dashboard?); the dashboard is served on port ${port} instead: http://${hostInUrl}:${port}/status`, 'FloeDashboardPort');
  }

  return {
    url: `http://${hostInUrl}:${port}/status`,
    async close() {
      clearInterval(ticker);
      off();
      for (const v of viewers) v.res.end();
      viewers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headOnly = false): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(headOnly ? undefined : body);
}

function sendAsset(res: ServerResponse, asset: Asset, headOnly: boolean): void {
  send(res, 200, asset.type, asset.body, headOnly);
}
