/**
 * A `floe worker` process: takes task jobs from the BullMQ queue and runs them on its own
 * local pool of `concurrency` threads (the same worker code as a local computation, so ops and
 * user functions follow the same rules). Runs only ops named by floe package export, or a
 * module URL the driver sent (a user's `{ module }` function; see the README's security model).
 *
 * Failure rules: an error thrown by the task fails the job once (attempts: 1; it is reported,
 * not retried); a thread that dies under the task fails it as `lost` (the driver may re-run it);
 * if this whole process dies, its job locks expire and BullMQ's stalled-job check, run by the
 * other workers, puts the jobs back on the queue.
 */
import { hostname } from 'node:os';
import type { Job } from 'bullmq';
import { errorToData, LocalPool } from '@floe/scheduler';
import { addressToOp } from './op-address.js';
import type { TaskFailure, TaskJob, TaskReply } from './job-protocol.js';
import { decodePayload, encodePayload } from './payload.js';
import { openRedis } from './redis-connection.js';
import { redactRedisUrl } from './redis-url.js';
import { FileStorage, type SharedStorage } from './shared-storage.js';
import { HEARTBEAT_MS, listWorkers, publishWorker, removeWorker } from './worker-registry.js';
import { leaveQueue } from './driver-registry.js';

export interface WorkerOptions {
  redis: string;
  /** For rediss:// with a private CA: the CA certificate's PEM file. */
  redisCa?: string;
  /** Tasks at once = threads of this worker (default 1). */
  concurrency?: number;
  queue?: string;
  shared?: string;
  storage?: SharedStorage;
  /**
   * Ms a running task's lock lasts without renewal: after a crash, its task goes to another
   * worker within about this time plus the stalled-check interval (default 30 s, BullMQ's).
   */
  lockMs?: number;
  /** Maps a floe package name to its entry URL (import.meta.resolve from a module that depends on all of them). */
  resolve: (specifier: string) => string;
  log?: (line: string) => void;
}

export interface RunningWorker {
  readonly host: string;
  readonly pid: number;
  /** Stops taking jobs, waits for running ones, and deregisters. */
  close(): Promise<void>;
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`--concurrency must be a positive integer, got ${concurrency}`);
  const queue = options.queue ?? 'floe';
  const log = options.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const redis = await openRedis(options.redis, { warn: (m) => log(`floe worker: warning: ${m}`), redisCa: options.redisCa });
  redis.on('error', () => {}); // ioredis reconnects by itself; BullMQ reports lasting trouble
  const storage = options.storage ?? new FileStorage(options.shared);
  const pool = new LocalPool({ workers: concurrency });
  const host = hostname();
  const pid = process.pid;
  let tasksDone = 0;

  const process_ = async (job: Job<TaskJob>): Promise<TaskReply> => {
    const { key, op, args } = job.data;
    let argv: unknown[];
    let opRef;
    try {
      argv = (await decodePayload(args, storage)) as unknown[];
      opRef = addressToOp(op, options.resolve);
    } catch (err) {
      throw new Error(JSON.stringify({ floe: 1, lost: false, error: errorToData(err) } satisfies TaskFailure));
    }
    let outcome;
    try {
      outcome = await pool.run({ key, op: opRef, args: argv });
    } catch (err) {
      const lost = !(err as { taskError?: boolean }).taskError;
      throw new Error(JSON.stringify({ floe: 1, lost, error: errorToData(err) } satisfies TaskFailure));
    }
    const value = await encodePayload(outcome.value, storage, `${job.id}.result`);
    tasksDone++;
    return { value, worker: pid, host, start: outcome.start, end: outcome.end };
  };

  const { Worker } = await import('bullmq'); // loaded when a worker starts, not by every `import 'floe'`
  const worker = new Worker<TaskJob, TaskReply>(queue, process_, {
    connection: redis,
    concurrency,
    lockDuration: options.lockMs ?? 30_000,
    stalledInterval: Math.max(500, Math.floor((options.lockMs ?? 30_000) / 2)),
    maxStalledCount: 2,
  });
  worker.on('error', (err) => log(`floe worker: ${err.message}`));
  const beat = async (): Promise<void> => {
    if (redis.status !== 'ready') return;
    await publishWorker(redis, queue, { id: pid, host, pid, concurrency, tasksDone, memory: process.memoryUsage.rss(), seen: Date.now() });
  };
  await beat();
  const timer = setInterval(() => void beat().catch(() => {}), HEARTBEAT_MS);
  await worker.waitUntilReady();
  log(`floe worker ${host}:${pid} ready: ${concurrency} thread(s), queue '${queue}' on ${redactRedisUrl(options.redis)}, shared storage ${storage.where}`);

  let closing: Promise<void> | null = null;
  return {
    host,
    pid,
    close: () => {
      closing ??= (async () => {
        clearInterval(timer);
        await worker.close();
        await removeWorker(redis, queue, host, pid).catch(() => {});
        // BullMQ's stalled check, run by workers, rewrites the queue's meta hash: the last
        // worker to leave an idle queue with no driver removes it (and the rest of the bookkeeping)
        if (redis.status === 'ready' && (await listWorkers(redis, queue).catch(() => [null])).length === 0) await leaveQueue(redis, queue, '').catch(() => {});
        await pool.close();
        redis.disconnect();
      })();
      return closing;
    },
  };
}
