/**
 * The cluster end to end: a private Redis, `floe worker` processes from the built CLI, and
 * this process as the driver. Every answer is compared with the same query on the local pool.
 * Timeouts are generous on purpose: the test machine has 2 shared cores and is often loaded,
 * so starting processes and BullMQ's lock/stall intervals take seconds; no assertion is on time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '@floe/dashboard'; // serves Client.connect({ dashboard })
import { col, readCsv, type DataFrame } from '@floe/dataframe';
import { AutoClassifier, loadDigits, trainTestSplit } from '@floe/ml';
import { Client, LocalPool, type SchedulerEvent } from '@floe/scheduler';
import './index.js'; // registers Client.connect
import { ClusterExecutor } from './cluster-executor.js';
import { Redis } from 'ioredis';
import { FLOE_BIN, startRedis, startTlsRedis, startWorkers, tempShared, type LocalRedis, type LocalWorker } from './testing/local-cluster.js';

/** Seeded rows: a date, three numbers, and a key with many distinct values (for the shuffle). */
function writeData(dir: string, files: number, rows: number): void {
  let s = 42;
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  for (let f = 0; f < files; f++) {
    const lines = ['Date,X0,X1,X2,k'];
    for (let i = 0; i < rows; i++) {
      const day = String(1 + Math.floor(rnd() * 28)).padStart(2, '0');
      lines.push(`${2010 + f}-03-${day}T00:00:00,${Math.floor(rnd() * 1000)},${(rnd() * 100).toFixed(3)},${Math.floor(rnd() * 50)},k${Math.floor(rnd() * 5000)}`);
    }
    writeFileSync(join(dir, `part-${f}.csv`), `${lines.join('\n')}\n`);
  }
}

let data: string;
let redis: LocalRedis;
let workers: LocalWorker[];
let shared: ReturnType<typeof tempShared>;
let local: LocalPool;

const seedQuery = (): DataFrame => readCsv(join(data, '*.csv'), { parseDates: ['Date'], blocksize: 64 * 1024 }).groupBy(col('Date').dt.year()).sum();
const shuffleQuery = (): DataFrame => readCsv(join(data, '*.csv'), { blocksize: 64 * 1024 }).groupBy('k').agg([col('X0').sum(), col('X2').max()]);
const joinQuery = (): DataFrame => {
  const df = readCsv(join(data, '*.csv'), { blocksize: 64 * 1024 });
  const keys = df.groupBy('k').agg([col('X2').min().alias('lo')]);
  return df.join(keys, { on: 'k' }).groupBy('lo').agg([col('X0').sum()]);
};

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'floe-cluster-data-'));
  writeData(data, 3, 6000);
  shared = tempShared();
  local = new LocalPool({ workers: 2 });
  redis = await startRedis();
  // lock 3 s: a killed worker's task goes back to the queue after ~3-5 s instead of 30-45 s
  workers = await startWorkers(redis.url, 2, { lockMs: 3000, shared: shared.dir });
}, 180_000);

afterAll(async () => {
  await Promise.allSettled((workers ?? []).map((w) => w.stop()));
  await redis?.stop();
  await local?.close();
  shared?.remove();
  rmSync(data, { recursive: true, force: true });
}, 60_000);

describe('a query on floe workers through Redis', () => {
  it('gives the local answer for the seed groupby, a high-cardinality groupBy and a join, and leaves no job in Redis', async () => {
    const spillEnv = process.env.FLOE_SPILL_DIR;
    const ex = await ClusterExecutor.connect({ redis: redis.url, shared: shared.dir });
    // the shuffle and join spill into the shared directory, set per executor, not process-wide
    expect(ex.spillDir).toBe(shared.dir);
    expect(process.env.FLOE_SPILL_DIR).toBe(spillEnv);
    try {
      for (const q of [seedQuery, shuffleQuery, joinQuery]) {
        const want = (await q().compute({ executor: local })).toRows();
        const got = (await q().compute({ executor: ex })).toRows();
        expect(got.length).toBeGreaterThan(0);
        expect(got).toEqual(want);
      }
      expect(await ex.leftoverKeys()).toEqual([]);
    } finally {
      await ex.close();
    }
  }, 300_000);

  it('runs client.map on the workers, lists them with client.workers(), and shows them as dashboard lanes with their memory', async () => {
    const client = await Client.connect({ redis: redis.url, shared: shared.dir, current: false, dashboard: 0 });
    try {
      const futs = client.map((n: number) => ({ cube: n ** 3, pid: process.pid }), [1, 2, 3, 4, 5, 6]);
      const out = await client.gather(futs);
      expect(out.map((o) => o.cube)).toEqual([1, 8, 27, 64, 125, 216]);
      const pids = new Set(workers.map((w) => w.pid));
      for (const o of out) expect(pids.has(o.pid)).toBe(true); // ran in a worker process, not here
      const listed = await client.workers();
      expect(listed.map((w) => w.pid).sort()).toEqual([...pids].sort());
      for (const w of listed) {
        expect(w.concurrency).toBe(1);
        expect(w.memory).toBeGreaterThan(0);
      }
      const snap = (await (await fetch(client.dashboardUrl!.replace(/\/status$/, '/api/snapshot'))).json()) as { workers: { id: number; heap: number | null }[] };
      for (const pid of pids) expect(snap.workers.find((w) => w.id === pid)?.heap).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  }, 120_000);

  it('runs `floe agg … --redis URL` on the cluster with the local answer', async () => {
    const agg = (extra: string[]): string => {
      const r = spawnSync(process.execPath, [FLOE_BIN, 'agg', join(data, '*.csv'), '--by', 'year(Date)', '--agg', 'sum(*)', '--blocksize', '64KB', '--format', 'csv', '--no-progress', ...extra], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return r.stdout;
    };
    const want = agg(['--workers', '2']);
    expect(want.split('\n').length).toBeGreaterThan(3);
    expect(agg(['--redis', redis.url, '--shared', shared.dir])).toBe(want);
  }, 120_000);

  it('reports a task that throws once, with its message, and does not retry it', async () => {
    const client = await Client.connect({ redis: redis.url, shared: shared.dir, current: false });
    const events: SchedulerEvent[] = [];
    client.on((e) => events.push(e));
    try {
      const fut = client.submit((n: number) => {
        throw new RangeError(`bad input ${n}`);
      }, 7);
      await expect(fut.result()).rejects.toThrow(/bad input 7/);
      expect(events.filter((e) => e.type === 'task-error')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'task-retry')).toHaveLength(0);
    } finally {
      await client.close();
    }
  }, 120_000);

  it('gives the same answer when a worker is killed with SIGKILL mid-query', async () => {
    const extra = await startWorkers(redis.url, 1, { lockMs: 3000, shared: shared.dir });
    const ex = await ClusterExecutor.connect({ redis: redis.url, shared: shared.dir });
    try {
      const want = (await seedQuery().compute({ executor: local })).toRows();
      let killed = false;
      const onEvent = (e: SchedulerEvent): void => {
        if (e.type === 'task-done' && !killed) {
          killed = true;
          workers[0].process.kill('SIGKILL');
        }
      };
      const got = (await seedQuery().compute({ executor: ex, onEvent })).toRows();
      expect(killed).toBe(true);
      expect(got).toEqual(want);
      expect(await ex.leftoverKeys()).toEqual([]);
    } finally {
      await ex.close();
      await Promise.allSettled(extra.map((w) => w.stop()));
    }
  }, 300_000);
  it('runs an AutoClassifier search on the workers, finding the pipeline the local pool finds', async () => {
    // a tiny search (one generation of 4 kNN / naive Bayes pipelines) on half the digits
    const search = { generations: 1, populationSize: 4, cv: 3, seed: 42, operators: ['StandardScaler', 'KNeighborsClassifier', 'GaussianNB'] };
    const { data: X, target } = loadDigits();
    const [Xtrain, , ytrain] = trainTestSplit(X, target, { testSize: 0.5, seed: 42 });
    const localClient = new Client({ executor: local, current: false });
    const client = await Client.connect({ redis: redis.url, shared: shared.dir, current: false });
    const ran = new Set<number>();
    client.on((e) => { if (e.type === 'task-done') ran.add(e.worker); });
    try {
      const want = await new AutoClassifier({ ...search, client: localClient }).fit(Xtrain, ytrain);
      const got = await new AutoClassifier({ ...search, client }).fit(Xtrain, ytrain);
      expect(got.fittedPipeline.toString()).toBe(want.fittedPipeline.toString());
      expect([...got.evaluatedPipelines.entries()]).toEqual([...want.evaluatedPipelines.entries()]);
      const pids = new Set(workers.map((w) => w.pid));
      expect([...ran].length).toBeGreaterThan(0);
      for (const w of ran) expect(pids.has(w)).toBe(true); // every candidate ran in a worker process
    } finally {
      await client.close();
      await localClient.close();
    }
  }, 300_000);

  it('leaves none of the session\'s keys in Redis after client.close(), and nothing without a TTL once the workers stop', async () => {
    const own = await startRedis();
    // lock 3 s: BullMQ's stalled check runs every 1.5 s, rewriting the queue's meta hash while a worker lives
    const ownWorkers = await startWorkers(own.url, 2, { lockMs: 3000, shared: shared.dir });
    const probe = new Redis(own.url);
    try {
      const client = await Client.connect({ redis: own.url, shared: shared.dir, current: false });
      try {
        expect(await client.gather(client.map((n: number) => n * 2, [1, 2, 3]))).toEqual([2, 4, 6]);
        expect((await shuffleQuery().compute({ executor: client.executor })).toRows().length).toBeGreaterThan(0); // a shuffle, big payloads
      } finally {
        await client.close();
      }
      // what stays belongs to the live workers: their heartbeat hashes (5 s TTL), BullMQ's
      // stalled-check marker (TTL) and the queue's meta hash, which BullMQ's stalled check rewrites
      const keys = (await probe.keys('*')).sort();
      const workerKeys = ownWorkers.map((w) => `floe:worker:floe:${hostname()}:${w.pid}`);
      expect(keys.filter((k) => !workerKeys.includes(k) && k !== 'bull:floe:stalled-check' && k !== 'bull:floe:meta')).toEqual([]);
      expect(keys.filter((k) => k.startsWith('floe:worker:'))).toEqual(workerKeys.sort());
      // the last worker to stop removes the meta hash; what remains then expires by itself
      await Promise.all(ownWorkers.map((w) => w.stop()));
      const after = await probe.keys('*');
      expect(after.filter((k) => k !== 'bull:floe:stalled-check')).toEqual([]);
      for (const k of after) expect(await probe.pttl(k)).toBeGreaterThan(0);
    } finally {
      probe.disconnect();
      await Promise.allSettled(ownWorkers.map((w) => w.stop()));
      await own.stop();
    }
  }, 180_000);
});

describe('Redis over TLS', () => {
  it('runs a query and client.map on workers over rediss:// with a password and a private CA given by redisCa / --redis-ca', async () => {
    const tls = await startTlsRedis('tls-s3cret');
    const tlsWorkers = await startWorkers(tls.url, 2, { shared: shared.dir, redisCa: tls.ca });
    try {
      const want = (await seedQuery().compute({ executor: local })).toRows();
      const client = await Client.connect({ redis: tls.url, redisCa: tls.ca, shared: shared.dir, current: false });
      try {
        expect((await seedQuery().compute({ executor: client.executor })).toRows()).toEqual(want);
        const out = await client.gather(client.map((n: number) => ({ sq: n * n, pid: process.pid }), [2, 3, 4]));
        expect(out.map((o) => o.sq)).toEqual([4, 9, 16]);
        const pids = new Set(tlsWorkers.map((w) => w.pid));
        for (const o of out) expect(pids.has(o.pid)).toBe(true);
      } finally {
        await client.close();
      }
      // without the CA, the server's certificate is not trusted: a clear error, not a hang
      await expect(ClusterExecutor.connect({ redis: tls.url, connectTimeoutMs: 10_000, warn: () => {} })).rejects.toThrow(/cannot reach Redis at rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+: .*(self.signed|certificate)/i);
      // plain redis:// to the TLS port cannot work, and a CA file for redis:// is a usage mistake
      await expect(ClusterExecutor.connect({ redis: `redis://127.0.0.1:${tls.port}`, redisCa: tls.ca, warn: () => {} })).rejects.toThrow(/is for TLS: the URL redis:\/\/127\.0\.0\.1:\d+ is redis:\/\//);
    } finally {
      await Promise.allSettled(tlsWorkers.map((w) => w.stop()));
      await tls.stop();
    }
  }, 300_000);
});

describe('Redis trouble', () => {
  it('names the URL when Redis cannot be reached at start', async () => {
    const down = await startRedis();
    await down.stop();
    await expect(Client.connect({ redis: down.url, current: false })).rejects.toThrow(`cannot reach Redis at redis://127.0.0.1:${down.port}`);
  }, 60_000);

  it('connects with a password, and a wrong password fails without printing it', async () => {
    const secured = await startRedis([], 's3cret');
    try {
      const ex = await ClusterExecutor.connect({ redis: secured.url, warn: () => {} });
      await ex.close();
      const wrong = `redis://:nope-${Date.now()}@127.0.0.1:${secured.port}`;
      const err = await ClusterExecutor.connect({ redis: wrong, warn: () => {} }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toContain(`cannot reach Redis at redis://:***@127.0.0.1:${secured.port}`);
      expect((err as Error).message).not.toContain('nope-');
    } finally {
      await secured.stop();
    }
  }, 60_000);

  it('fails a running query with a clear error when Redis stays away longer than reconnectTimeoutMs', async () => {
    const own = await startRedis();
    const ownWorkers = await startWorkers(own.url, 1, { shared: shared.dir });
    const client = await Client.connect({ redis: own.url, shared: shared.dir, reconnectTimeoutMs: 1500, current: false });
    try {
      const fut = client.submit(async (ms: number) => {
        await new Promise((r) => setTimeout(r, ms));
        return ms;
      }, 60_000);
      const outcome = fut.result().then(() => null, (e: Error) => e);
      await new Promise((r) => setTimeout(r, 1000)); // let the job reach the worker
      own.process.kill('SIGKILL');
      const err = await outcome;
      expect(err?.message).toMatch(new RegExp(`lost the connection to Redis at redis://127\\.0\\.0\\.1:${own.port} and could not reconnect within 1\\.5 s`));
    } finally {
      await client.close();
      await Promise.allSettled(ownWorkers.map((w) => w.process.kill('SIGKILL')));
      await own.stop();
    }
  }, 120_000);
});
