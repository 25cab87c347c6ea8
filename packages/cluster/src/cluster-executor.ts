/**
 * The cluster executor: runs task calls on `floe worker` processes through a BullMQ queue on
 * Redis. The driver stays the scheduler (runGraph decides what is ready); this class only
 * moves one call to some worker and its outcome back.
 *
 * Protocol per call: arguments are encoded (inline, or in shared storage when large); a job is
 * added under the deterministic id `<session>.<key>.<n>` (n counts this executor's runs of that
 * key), with one attempt and removal on completion or failure, so BullMQ keeps no finished job.
 * A worker killed mid-task stops renewing its lock; BullMQ's stalled-job check moves the same
 * job (same id: it never runs twice at once) back to the queue for another worker. The outcome
 * comes back as the 'completed' / 'failed' event; stored arguments and results are deleted as
 * soon as the driver has them. Losing Redis: ioredis reconnects with back-off; if it is not back
 * within `reconnectTimeoutMs`, every pending and later call fails with an error naming the URL.
 */
import { randomBytes } from 'node:crypto';
import type { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { dataToError, type Executor, type TaskCall, type TaskOutcome } from '@floe/scheduler';
import { jobId, parseFailure, type TaskJob, type TaskReply } from './job-protocol.js';
import { opToAddress } from './op-address.js';
import { decodePayload, dropPayload, encodePayload, type Payload } from './payload.js';
import { openRedis } from './redis-connection.js';
import { redactRedisUrl } from './redis-url.js';
import { FileStorage, type SharedStorage } from './shared-storage.js';
import { HEARTBEAT_MS, listWorkers, type ClusterWorkerInfo } from './worker-registry.js';
import { leaveQueue, touchDriver } from './driver-registry.js';

export interface ClusterOptions {
  /** Redis URL: redis://host:6379, redis://:password@host:6379/0, rediss://… for TLS. */
  redis: string;
  /** Queue name shared with the workers (default 'floe'). */
  queue?: string;
  /** Shared directory every worker sees at its own `--shared` path (default: <tmpdir>/floe-cluster). */
  shared?: string;
  /** Or any SharedStorage (e.g. an S3 store). */
  storage?: SharedStorage;
  /** How long to keep reconnecting to a lost Redis before failing (default 30 s). */
  reconnectTimeoutMs?: number;
  /** How long to wait for Redis at start (default 5 s). */
  connectTimeoutMs?: number;
  /** For rediss:// with a private CA: the CA's PEM file (else Node's trusted CAs and NODE_EXTRA_CA_CERTS). */
  redisCa?: string;
  /** Where warnings go (default process.emitWarning). */
  warn?: (message: string) => void;
}

interface Pending {
  resolve(outcome: TaskOutcome): void;
  reject(err: Error): void;
  key: string;
  args: Payload | null;
}

export class ClusterExecutor implements Executor {
  readonly url: string;
  readonly queueName: string;
  readonly storage: SharedStorage;
  /**
   * Exchanges and sorts of a query on this executor spill here; the path travels inside tasks,
   * so it is the shared directory (mounted at the same path on every machine). A non-file
   * storage leaves FLOE_SPILL_DIR / the temp dir (then only a one-machine cluster works).
   */
  readonly spillDir: string | undefined;
  private readonly session = randomBytes(4).toString('hex');
  private readonly attempts = new Map<string, number>();
  private readonly pending = new Map<string, Pending>();
  private known: ClusterWorkerInfo[] = [];
  private broken: Error | null = null;
  private lostTimer: NodeJS.Timeout | null = null;
  private poller: NodeJS.Timeout | null = null;
  private closed = false;
  private blocking: Redis | null = null;
  /** Jobs ready to add; flushed together (one addBulk, one round trip) on the next turn of the event loop. */
  private toAdd: { id: string; job: TaskJob; fail: (err: Error) => void }[] = [];
  private flushing = false;

  private constructor(
    url: string,
    private readonly redis: Redis,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    options: ClusterOptions,
  ) {
    this.url = redactRedisUrl(url);
    this.queueName = queue.name;
    this.storage = options.storage ?? new FileStorage(options.shared);
    this.spillDir = this.storage instanceof FileStorage ? this.storage.dir : undefined;
    const lostAfter = options.reconnectTimeoutMs ?? 30_000;
    const onDown = (): void => {
      if (this.lostTimer !== null || this.closed || this.broken) return;
      this.lostTimer = setTimeout(() => this.breakDown(new Error(`lost the connection to Redis at ${this.url} and could not reconnect within ${lostAfter / 1000} s; the query was abandoned (restart it when Redis is back)`)), lostAfter);
      this.lostTimer.unref();
    };
    const onUp = (): void => {
      if (this.lostTimer !== null) clearTimeout(this.lostTimer);
      this.lostTimer = null;
    };
    redis.on('close', onDown);
    redis.on('ready', onUp);
    redis.on('error', () => {}); // surfaced as the lost-connection error above
    queue.on('error', () => {});
    events.on('error', () => {});
    events.on('completed', ({ jobId: id, returnvalue }) => void this.settleDone(id, returnvalue));
    events.on('failed', ({ jobId: id, failedReason }) => void this.settleFailed(id, failedReason));
  }

  /** Connects (a clear error if Redis is unreachable), checks the eviction policy, and lists the workers. */
  static async connect(options: ClusterOptions): Promise<ClusterExecutor> {
    const redis = await openRedis(options.redis, { connectTimeoutMs: options.connectTimeoutMs, warn: options.warn, redisCa: options.redisCa });
    const name = options.queue ?? 'floe';
    // bullmq is loaded on the first connect: importing it (and ioredis) cost every `import 'floe'` ~125 ms
    const { Queue, QueueEvents } = await import('bullmq');
    // the events stream keeps BullMQ's default cap (~10,000 entries): completions are read from it
    const queue = new Queue(name, { connection: redis });
    // QueueEvents blocks on its own connection: the same server, password and TLS settings
    const blocking = redis.duplicate({ lazyConnect: false });
    blocking.on('error', () => {}); // the driver's own connection reports a lost Redis
    const events = new QueueEvents(name, { connection: blocking });
    try {
      await queue.waitUntilReady();
      await events.waitUntilReady();
    } catch (err) {
      await Promise.allSettled([events.close(), queue.close()]);
      blocking.disconnect();
      redis.disconnect();
      throw err;
    }
    const ex = new ClusterExecutor(options.redis, redis, queue, events, options);
    ex.blocking = blocking;
    await touchDriver(redis, name, ex.session);
    await ex.refreshWorkers();
    if (ex.known.length === 0) {
      (options.warn ?? ((m: string) => process.emitWarning(m)))(`no floe worker is connected to queue '${name}' on ${ex.url} yet: tasks wait until one starts (\`floe worker --redis ${ex.url}\`)`);
    }
    ex.poller = setInterval(() => void Promise.all([ex.refreshWorkers(), touchDriver(redis, name, ex.session)]).catch(() => {}), HEARTBEAT_MS);
    ex.poller.unref();
    return ex;
  }

  /** Tasks the live workers run at once (at least 1, so a graph can start before they come). */
  get concurrency(): number {
    return Math.max(1, this.known.reduce((s, w) => s + w.concurrency, 0));
  }

  async run(call: TaskCall, signal?: AbortSignal): Promise<TaskOutcome> {
    if (this.broken) throw this.broken;
    if (this.closed) throw new Error('the cluster executor is closed');
    const n = (this.attempts.get(call.key) ?? 0) + 1;
    this.attempts.set(call.key, n);
    const id = jobId(this.session, call.key, n);
    return new Promise<TaskOutcome>((resolve, reject) => {
      const entry: Pending = { resolve, reject, key: call.key, args: null };
      this.pending.set(id, entry);
      const onAbort = (): void => {
        if (!this.pending.delete(id)) return;
        void this.queue.remove(id).catch(() => {}); // a running job cannot be stopped; its late result is dropped
        void dropPayload(entry.args ?? undefined, this.storage).catch(() => {});
        const err = new Error(String(signal?.reason instanceof Error ? signal.reason.message : signal?.reason ?? 'aborted'));
        err.name = 'AbortError';
        reject(err);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = (): void => signal?.removeEventListener('abort', onAbort);
      entry.resolve = (o) => { cleanup(); resolve(o); };
      entry.reject = (e) => { cleanup(); reject(e); };
      void (async () => {
        entry.args = await encodePayload(call.args, this.storage, `${id}.args`);
        const job: TaskJob = { key: call.key, op: opToAddress(call.op), args: entry.args };
        if (!this.pending.has(id)) return; // aborted while its arguments were stored
        this.enqueue(id, job, (err) => {
          if (this.pending.delete(id)) entry.reject(new Error(`could not queue task ${call.key} on Redis at ${this.url}: ${err.message}`));
        });
      })().catch((err: unknown) => {
        if (this.pending.delete(id)) entry.reject(new Error(`could not queue task ${call.key} on Redis at ${this.url}: ${(err as Error).message}`));
      });
    });
  }

  /** Tasks released together (runGraph starts every ready task in one turn) reach Redis in one addBulk. */
  private enqueue(id: string, job: TaskJob, fail: (err: Error) => void): void {
    this.toAdd.push({ id, job, fail });
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      const batch = this.toAdd.filter((b) => this.pending.has(b.id));
      this.toAdd = [];
      if (batch.length === 0) return;
      const opts = { attempts: 1, removeOnComplete: true, removeOnFail: true };
      this.queue.addBulk(batch.map((b) => ({ name: b.job.key, data: b.job, opts: { ...opts, jobId: b.id } }))).catch((err: Error) => {
        for (const b of batch) b.fail(err);
      });
    });
  }

  private async settleDone(id: string, returnvalue: unknown): Promise<void> {
    const entry = this.pending.get(id);
    if (!id.startsWith(`${this.session}.`)) return; // another driver's job
    let reply: TaskReply;
    try {
      reply = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as TaskReply;
    } catch (err) {
      this.pending.delete(id);
      entry?.reject(new Error(`task ${entry.key}: unreadable reply from its worker (${(err as Error).message}); is every worker on the same floe version?`));
      return;
    }
    if (!entry) {
      // cancelled while it ran: its result has no reader, but must not stay in shared storage
      await dropPayload(reply.value, this.storage).catch(() => {});
      return;
    }
    this.pending.delete(id);
    try {
      const value = await decodePayload(reply.value, this.storage);
      await Promise.all([dropPayload(reply.value, this.storage), dropPayload(entry.args ?? undefined, this.storage)]);
      entry.resolve({ value, worker: reply.worker, start: reply.start, end: reply.end });
    } catch (err) {
      entry.reject(err as Error);
    }
  }

  private async settleFailed(id: string, reason: string): Promise<void> {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    await dropPayload(entry.args ?? undefined, this.storage).catch(() => {});
    const failure = parseFailure(reason);
    if (failure && !failure.lost) {
      entry.reject(dataToError(failure.error, `task ${entry.key} on a floe worker`));
      return;
    }
    // a lost worker (its thread died, or BullMQ gave up on a job that stalled repeatedly): runGraph may re-run it
    entry.reject(new Error(`task ${entry.key}: its worker was lost (${failure ? failure.error.message : reason})`));
  }

  private breakDown(err: Error): void {
    this.broken = err;
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      entry.reject(err);
    }
  }

  private async refreshWorkers(): Promise<void> {
    if (this.redis.status !== 'ready') return;
    this.known = await listWorkers(this.redis, this.queueName);
  }

  /** The live workers: host, pid, concurrency, tasks done, memory (as of their last heartbeat, ≤ 1 s old). */
  async workers(): Promise<ClusterWorkerInfo[]> {
    await this.refreshWorkers();
    return this.known.map((w) => ({ ...w }));
  }

  workerIds(): number[] {
    return this.known.map((w) => w.id);
  }

  async workerMemory(): Promise<Map<number, number>> {
    return new Map(this.known.map((w) => [w.id, w.memory]));
  }

  /** Keys of this session's jobs still in Redis (for tests and leak checks). */
  async leftoverKeys(): Promise<string[]> {
    return this.redis.keys(`bull:${this.queueName}:${this.session}.*`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.poller) clearInterval(this.poller);
    if (this.lostTimer) clearTimeout(this.lostTimer);
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      void this.queue.remove(id).catch(() => {});
      entry.reject(new Error('the cluster executor was closed'));
    }
    // a lost Redis must not make close() hang
    const bounded = (p: Promise<unknown>): Promise<unknown> => Promise.race([p.catch(() => {}), new Promise((r) => setTimeout(r, 2000).unref())]);
    if (this.redis.status === 'ready') {
      await bounded(Promise.all([this.events.close(), this.queue.close()]));
      // the last driver to leave an idle queue removes BullMQ's bookkeeping keys
      await bounded(leaveQueue(this.redis, this.queueName, this.session));
    }
    else {
      void this.events.close().catch(() => {});
      void this.queue.close().catch(() => {});
    }
    this.blocking?.disconnect();
    this.redis.disconnect();
  }
}
