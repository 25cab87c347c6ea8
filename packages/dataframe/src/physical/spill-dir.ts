/**
 * The per-query temporary directory that exchanges, sorts and aggregates spill into. Created
 * on first use under the executor's spill directory (a cluster's shared one), else
 * `FLOE_SPILL_DIR`, else the OS temp dir; removed when the query ends —
 * success, error or cancel — and on process exit or Ctrl-C, so nothing is left behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();
let hooked = false;

function removeAll(): void {
  for (const d of live) removeQuietly(d);
  live.clear();
}

/** Best effort on exit: a worker may still be writing into the directory; never throw from a signal handler. */
function removeQuietly(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // left for the OS temp cleaner; nothing else can be done while exiting
  }
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', removeAll);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      removeAll();
      // default behaviour after cleanup, unless someone else handles the signal
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    });
  }
}

export class SpillDir {
  private path: string | null = null;

  /**
   * `base`: the folder to make it in (an executor's shared directory; default FLOE_SPILL_DIR or
   * the system's temporary folder). `prefix`: the name before the pid (`floe-persist` for
   * persisted results).
   */
  constructor(private readonly base?: string, private readonly prefix = 'floe-spill') {}

  get dir(): string {
    if (this.path === null) {
      hookExit();
      this.path = mkdtempSync(join(this.base ?? process.env.FLOE_SPILL_DIR ?? tmpdir(), `${this.prefix}-${process.pid}-`));
      live.add(this.path);
    }
    return this.path;
  }

  remove(): void {
    if (this.path === null) return;
    rmSync(this.path, { recursive: true, force: true, maxRetries: 3 });
    live.delete(this.path);
    this.path = null;
  }
}
