/**
 * The per-query temporary directory that exchanges, sorts and aggregates spill into. Created
 * on first use under the executor's spill directory (a cluster's shared one), else
 * `FLOE_SPILL_DIR`, else the OS temp dir; removed when the query ends —
 * success, error or cancel — and however the process ends (remove-on-exit.ts), so nothing is left
 * behind; an application that handles Ctrl-C itself keeps its spilled and persisted data.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { armRemoval, disarmRemoval, removeFolder } from '../io/remove-on-exit.js';

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
      this.path = mkdtempSync(join(this.base ?? process.env.FLOE_SPILL_DIR ?? tmpdir(), `${this.prefix}-${process.pid}-`));
      armRemoval(this.path);
    }
    return this.path;
  }

  /** Never throws: what a thread still writing kept from being removed is removed at exit (a cleanup failure replaced a cancelled query's AbortError with ENOTEMPTY). */
  remove(): void {
    if (this.path === null) return;
    const left = removeFolder(this.path);
    disarmRemoval(this.path);
    if (left !== null) armRemoval(left);
    this.path = null;
  }
}
