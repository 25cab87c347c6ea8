import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Client, delayed } from '@floe/scheduler';
import './index.js';

let client: Client;
let base: URL;
beforeAll(async () => {
  client = await Client.start({ workers: 1, dashboard: 0, current: false });
  base = new URL(client.dashboardUrl!);
});
afterAll(() => client.close());

/** A raw request: the path is sent exactly as given (fetch would normalize `..`). */
function get(path: string, options: { method?: string; host?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: base.port, path, method: options.method ?? 'GET', headers: { host: options.host ?? base.host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('dashboard server', () => {
  test('listens on loopback at the port it reports', () => {
    expect(base.hostname).toBe('127.0.0.1');
    expect(base.pathname).toBe('/status');
    expect(Number(base.port)).toBeGreaterThan(0);
  });

  test('serves the status page with a strict content security policy', async () => {
    for (const path of ['/', '/status']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.body).toContain('<script src="/assets/dashboard.js" defer></script>');
      for (const id of ['task-stream', 'progress', 'memory', 'throughput']) expect(res.body).toContain(`id="${id}"`);
      expect(res.body).not.toMatch(/https?:\/\//); // nothing from elsewhere
    }
  });

  test('serves its own assets and nothing else', async () => {
    expect((await get('/assets/dashboard.js')).status).toBe(200);
    expect((await get('/assets/dashboard.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    for (const path of [
      '/assets/../package.json', '/assets/..%2f..%2fpackage.json', '/assets/%2e%2e/src/server.ts', '/assets/../../../../etc/passwd',
      '/assets/index.html/', '/assets/', '/assets/server.ts', '/../src/server.ts', '/package.json', '/etc/passwd', '/assets/dashboard.js%00.png',
    ]) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.body).toBe('not found');
    }
  });

  test('refuses other methods and foreign Host headers', async () => {
    expect((await get('/', { method: 'POST' })).status).toBe(405);
    expect((await get('/', { host: 'evil.example:80' })).status).toBe(403);
    expect((await get('/', { host: `localhost:${base.port}` })).status).toBe(200);
  });

  test('is not reachable on other interfaces', async () => {
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return; // a machine with loopback only has nothing to check
    const err = await new Promise<Error | null>((resolve) => {
      const req = request({ host: external.address, port: base.port, path: '/', timeout: 2000 }, () => resolve(null));
      req.on('error', resolve);
      req.on('timeout', () => { req.destroy(); resolve(new Error('timeout')); });
      req.end();
    });
    expect(err).not.toBeNull();
  });

  test('pushes snapshots over Server-Sent Events as work runs', async () => {
    const events = new URL('/events', base);
    const ac = new AbortController();
    const res = await fetch(events, { signal: ac.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const snapshots: { busy: boolean; stream: { key: string }[]; groups: { group: string; done: number }[] }[] = [];
    let buffer = '';
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block);
          if (data) snapshots.push(JSON.parse(data[1]));
        }
      }
    })().catch(() => {});
    const nap = delayed(async (ms: number) => { await new Promise((r) => setTimeout(r, ms)); return ms; }, { name: 'nap' });
    await delayed((xs: number[]) => xs.length, { name: 'count' })([150, 151, 152, 153, 154, 155, 156, 157].map((ms) => nap(ms))).compute({ client });
    await new Promise((r) => setTimeout(r, 250));
    ac.abort();
    await reading;
    expect(snapshots.length).toBeGreaterThanOrEqual(3);
    expect(snapshots[0].stream).toEqual([]);
    expect(snapshots.some((s) => s.busy)).toBe(true);
    const keys = snapshots.flatMap((s) => s.stream.map((b) => b.key));
    expect(keys.filter((k) => k.startsWith('nap-'))).toHaveLength(8); // each bar sent once
    expect(keys.filter((k) => k.startsWith('count-'))).toHaveLength(1);
    expect(snapshots.at(-1)!.groups.find((g) => g.group === 'nap')!.done).toBe(8);
    expect(snapshots.at(-1)!.busy).toBe(false);
  });

  test('Client.start without the dashboard package registered says what to import', async () => {
    const { registerDashboard } = await import('@floe/scheduler');
    const { startDashboard } = await import('./server.js');
    registerDashboard(null);
    try {
      await expect(Client.start({ workers: 1, dashboard: 0, current: false })).rejects.toThrow(/@floe\/dashboard/);
    } finally {
      registerDashboard((c, r) => startDashboard(c, r));
    }
  });

  test('a second dashboard on a busy port serves on a free one and warns naming both ports', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => { warnings.push(w); };
    process.on('warning', onWarning);
    const second = await Client.start({ workers: 1, dashboard: Number(base.port), current: false });
    try {
      const url = new URL(second.dashboardUrl!);
      expect(url.port).not.toBe(base.port);
      expect((await fetch(new URL('/api/snapshot', url))).status).toBe(200);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
      const w = warnings.find((x) => x.name === 'FloeDashboardPort')!;
      expect(w.message).toBe(`port ${base.port} is already in use (another dashboard?); the dashboard is served on port ${url.port} instead: ${second.dashboardUrl}`);
    } finally {
      process.off('warning', onWarning);
      await second.close();
    }
  });

  test('tasks of functions that capture variables are bars on the main thread (worker 0)', async () => {
    const pause = 20;
    const nap = delayed(async (n: number) => { await new Promise((r) => setTimeout(r, pause)); return n; }, { name: 'nap-local' });
    expect(nap.taskFunction.local).toBe(true);
    await delayed((xs: number[]) => xs.length, { name: 'count-worker' })([1, 2].map(nap)).compute({ client });
    const snap = JSON.parse((await get('/api/snapshot')).body) as { stream: { group: string; worker: number }[] };
    const lanes = (group: string) => [...new Set(snap.stream.filter((b) => b.group === group).map((b) => b.worker))];
    expect(lanes('nap-local')).toEqual([0]);
    expect(lanes('count-worker')).toHaveLength(1);
    expect(lanes('count-worker')[0]).toBeGreaterThan(0);
  });
});
