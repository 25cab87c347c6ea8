/**
 * Drivers on a queue, so the last one to leave can clean up. Each connected ClusterExecutor
 * keeps its session in the sorted set `floe:drivers:<queue>`, scored by when it expires
 * (refreshed every HEARTBEAT_MS, so a driver killed without close() lapses after DRIVER_TTL_MS).
 *
 * BullMQ keeps a queue's bookkeeping keys (the events stream, the id counter, meta, the
 * marker) after the last job is gone. `leaveQueue` removes this driver and, in one atomic
 * script, those keys too when no other live driver remains and no job waits, runs or is
 * delayed: after the last `client.close()` nothing of the drivers stays in Redis. While workers
 * run, theirs stays: heartbeat keys and BullMQ's `stalled-check` (both expire), and `meta`,
 * which BullMQ's stalled check rewrites; the last worker to stop calls this too, removing it.
 */
import type { Redis } from 'ioredis';

export const DRIVER_TTL_MS = 10_000;

export const driversKey = (queue: string): string => `floe:drivers:${queue}`;

/** BullMQ's key prefix (its default; floe does not change it). */
const bullKey = (queue: string, name: string): string => `bull:${queue}:${name}`;

export async function touchDriver(redis: Redis, queue: string, session: string): Promise<void> {
  await redis.zadd(driversKey(queue), Date.now() + DRIVER_TTL_MS, session);
}

// KEYS[1] drivers; KEYS[2..6] wait, paused, active, delayed, prioritized; KEYS[7..] removed when idle
const LEAVE = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
if redis.call('LLEN', KEYS[2]) + redis.call('LLEN', KEYS[3]) + redis.call('LLEN', KEYS[4]) > 0 then return 0 end
if redis.call('ZCARD', KEYS[5]) + redis.call('ZCARD', KEYS[6]) > 0 then return 0 end
local n = 0
for i = 7, #KEYS do n = n + redis.call('DEL', KEYS[i]) end
redis.call('DEL', KEYS[1])
return n
`;

/** Deregisters `session`; returns how many bookkeeping keys it removed (0 while the queue is in use). */
export async function leaveQueue(redis: Redis, queue: string, session: string): Promise<number> {
  const keys = [
    driversKey(queue),
    ...['wait', 'paused', 'active', 'delayed', 'prioritized'].map((k) => bullKey(queue, k)),
    ...['events', 'id', 'meta', 'marker', 'pc', 'completed', 'failed'].map((k) => bullKey(queue, k)),
  ];
  return (await redis.eval(LEAVE, keys.length, ...keys, session, Date.now())) as number;
}
