/** A no-op task that waits `ms` and names its thread: warms workers up, and tests use it. */
import { threadId } from 'node:worker_threads';

export async function ping(ms = 0): Promise<number> {
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  return threadId;
}
