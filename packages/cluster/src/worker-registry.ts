/**
 * Live workers: each `floe worker` keeps one Redis hash `floe:worker:<queue>:<host>:<pid>`
 * fresh (HSET + PEXPIRE every HEARTBEAT_MS, expiring after WORKER_TTL_MS), so a killed worker
 * disappears by itself and a closed one deletes its key. The driver lists them for
 * `client.workers()` and the dashboard's lanes.
 */
import type { Redis } from 'ioredis';

export interface ClusterWorkerInfo {
  /** Lane id: the worker's pid (shown by the dashboard). */
  id: number;
  host: string;
  pid: number;
  concurrency: number;
  tasksDone: number;
  /** Resident set size in bytes. */
  memory: number;
  /** Epoch ms of the last heartbeat. */
  seen: number;
}

export const HEARTBEAT_MS = 1000;
export const WORKER_TTL_MS = 5000;

export const workerKeyPrefix = (queue: string): string => `floe:worker:${queue}:`;

export async function publishWorker(redis: Redis, queue: string, info: ClusterWorkerInfo): Promise<void> {
  const key = `${workerKeyPrefix(queue)}${info.host}:${info.pid}`;
  const fields = Object.entries(info).flatMap(([k, v]) => [k, String(v)]);
  await redis.multi().hset(key, ...fields).pexpire(key, WORKER_TTL_MS).exec();
}

export async function removeWorker(redis: Redis, queue: string, host: string, pid: number): Promise<void> {
  await redis.del(`${workerKeyPrefix(queue)}${host}:${pid}`);
}

export async function listWorkers(redis: Redis, queue: string): Promise<ClusterWorkerInfo[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${workerKeyPrefix(queue)}*`, 'COUNT', 100);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  const out: ClusterWorkerInfo[] = [];
  for (const key of keys) {
    const h = await redis.hgetall(key);
    if (!h.pid) continue; // expired between SCAN and HGETALL
    out.push({
      id: Number(h.id), host: h.host, pid: Number(h.pid), concurrency: Number(h.concurrency),
      tasksDone: Number(h.tasksDone), memory: Number(h.memory), seen: Number(h.seen),
    });
  }
  return out.sort((a, b) => a.host.localeCompare(b.host) || a.pid - b.pid);
}
