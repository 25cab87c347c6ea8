/**
 * `floe worker`: serve a cluster. Takes task jobs from Redis (BullMQ) and runs them on
 * --concurrency threads until Ctrl-C / SIGTERM, then finishes its running tasks and leaves.
 */
import type { Command } from 'commander';
import type { CliIO } from '../cli-io.js';
import { newCommand } from '../cli-command.js';
import { parsePositiveInt } from '../query-options.js';

interface WorkerFlags {
  redis: string;
  redisCa?: string;
  concurrency?: number;
  queue?: string;
  shared?: string;
  lockMs?: number;
}

const HELP = `
Run one on each machine, all pointing at the same Redis and seeing the same shared directory
(mounted at the same path everywhere); drivers then run on them with
Client.connect({ redis }) or 'floe agg … --redis URL'. Anyone who can write to that Redis can
make this worker run code: keep Redis private (a password, TLS with rediss://, a private network).

Examples:
  floe worker --redis redis://10.0.0.5:6379 --concurrency 2
  floe worker --redis rediss://:secret@redis.internal:6380 --redis-ca /etc/floe/ca.pem --shared /mnt/floe`;

export function workerCommand(io: CliIO): Command {
  return newCommand('worker', io, 'floe worker')
    .description('run tasks of floe drivers on this machine, from a Redis queue (a cluster worker)')
    .requiredOption('--redis <URL>', 'Redis URL: redis://host:6379, redis://:password@host:6379/0, rediss://… for TLS')
    .option('--redis-ca <FILE>', 'with rediss://: the PEM certificate of the CA that signed the Redis server\'s certificate (a private CA)')
    .option('--concurrency <N>', 'tasks at once, one thread each (default 1)', parsePositiveInt)
    .option('--queue <NAME>', "queue name shared with the drivers (default 'floe')")
    .option('--shared <DIR>', 'the shared directory for large results and shuffle buckets (default: <tmpdir>/floe-cluster)')
    .option('--lock-ms <MS>', 'a crashed worker\'s task is re-queued after about this long (default 30000)', parsePositiveInt)
    .addHelpText('after', HELP)
    .action(async (flags: WorkerFlags) => {
      // loaded only here: the cluster client (bullmq, ioredis) is not part of every command's start-up
      const { startClusterWorker } = await import('floe');
      const worker = await startClusterWorker({
        redis: flags.redis, redisCa: flags.redisCa, concurrency: flags.concurrency, queue: flags.queue, shared: flags.shared, lockMs: flags.lockMs,
        log: (line) => { io.stderr.write(`${line}\n`); },
      });
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        if (io.signal?.aborted) return stop();
        io.signal?.addEventListener('abort', stop, { once: true });
        process.once('SIGTERM', stop);
      });
      io.stderr.write('floe worker: stopping (finishing running tasks)\n');
      await worker.close();
    });
}
