/**
 * A one-line terminal progress bar for running task graphs:
 *
 *   ███████████░░░░░░░░░░░░░  46%  12/26 tasks  148.0/320.0 MB  8.1 tasks/s  210.3 MB/s  ETA 1s
 *
 * Feed it scheduler events (`onEvent: bar.listener`). It counts tasks, and bytes where the
 * graph's tasks declare them (file partitions), across every graph it sees; the fraction and
 * the ETA weigh each task alike, and the tasks that declare bytes by their bytes done — a sort's
 * reads of its files end long before its merges and writes, and at 100 % by bytes alone the bar
 * sat full while they ran. It draws only on a TTY (unless
 * forced), nothing for work that ends within `delayMs`, at most every `intervalMs`; finish()
 * erases the line so nothing is left between the prompt and the results. Owns only the line.
 */
import type { SchedulerEvent } from './events.js';

export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBarOptions {
  /** Clock in milliseconds (tests pass a fake one). */
  now?: () => number;
  /** Draw nothing until the work has run this long (default 300 ms). */
  delayMs?: number;
  /** Redraw at most this often, and at least this often while work runs (default 100 ms). */
  intervalMs?: number;
  /** Line width when the stream does not say (default 80). */
  width?: number;
  /** Redraw on a timer between events (default true; tests turn it off). */
  timer?: boolean;
  /** Draw even when the stream is not a terminal. */
  force?: boolean;
}

interface GraphCount { tasks: number; doneTasks: number; bytes: number; doneBytes: number; byteTasks: number; doneByteTasks: number }

export class ProgressBar {
  /** Pass as `onEvent`. */
  readonly listener = (e: SchedulerEvent): void => this.update(e);
  private readonly now: () => number;
  private readonly graphs = new Map<number, GraphCount>();
  private totalTasks = 0;
  private doneTasks = 0;
  private totalBytes = 0;
  private doneBytes = 0;
  /** Tasks that declare bytes, and those of them done. */
  private totalByteTasks = 0;
  private doneByteTasks = 0;
  private failed = 0;
  private startedAt = -1;
  private lastDraw = -Infinity;
  private drawn = false;
  private ticker: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly stream: ProgressStream = process.stderr, private readonly options: ProgressBarOptions = {}) {
    this.now = options.now ?? (() => performance.now());
  }

  update(e: SchedulerEvent): void {
    switch (e.type) {
      case 'graph-start': {
        const bytes = e.tasks.reduce((s, t) => s + t.bytes, 0);
        const byteTasks = e.tasks.filter((t) => t.bytes > 0).length;
        this.graphs.set(e.graphId, { tasks: e.tasks.length, doneTasks: 0, bytes, doneBytes: 0, byteTasks, doneByteTasks: 0 });
        this.totalTasks += e.tasks.length;
        this.totalBytes += bytes;
        this.totalByteTasks += byteTasks;
        if (this.startedAt < 0) this.startedAt = this.now();
        this.startTicker();
        break;
      }
      case 'task-done': {
        const g = this.graphs.get(e.graphId);
        if (g) { g.doneTasks++; g.doneBytes += e.bytes; if (e.bytes > 0) g.doneByteTasks++; }
        this.doneTasks++;
        this.doneBytes += e.bytes;
        if (e.bytes > 0) this.doneByteTasks++;
        this.draw();
        break;
      }
      case 'task-error':
        this.failed++;
        break;
      case 'graph-done': {
        // a failed or cancelled graph's unstarted work will never come: stop counting it
        const g = this.graphs.get(e.graphId);
        if (g) {
          this.totalTasks -= g.tasks - g.doneTasks;
          this.totalBytes -= g.bytes - g.doneBytes;
          this.totalByteTasks -= g.byteTasks - g.doneByteTasks;
          this.graphs.delete(e.graphId);
        }
        if (this.graphs.size === 0) this.stopTicker();
        this.draw();
        break;
      }
      default:
        break;
    }
  }

  /** Erases the line, if one was drawn. Call it before printing anything else. */
  finish(): void {
    this.stopTicker();
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }

  /** The line as it would be drawn now (without control characters). */
  render(): string {
    const width = this.stream.columns ?? this.options.width ?? 80;
    const byBytes = this.totalBytes > 0;
    // the tasks that declare bytes count as their share of the bytes done; the others one each
    const byteShare = byBytes ? this.totalByteTasks * Math.min(1, this.doneBytes / this.totalBytes) : 0;
    const done = byteShare + this.doneTasks - (byBytes ? this.doneByteTasks : 0);
    const frac = this.totalTasks > 0 ? Math.min(1, done / this.totalTasks) : 0;
    const seconds = this.startedAt < 0 ? 0 : Math.max(0, this.now() - this.startedAt) / 1000;
    const eta = seconds > 0 && frac > 0 ? formatDuration((seconds * (1 - frac)) / frac) : '?';
    const parts = [`${Math.floor(frac * 100)}%`.padStart(4), `${this.doneTasks}/${this.totalTasks} tasks`];
    if (byBytes) parts.push(formatBytes(this.doneBytes, this.totalBytes));
    parts.push(`${(seconds > 0 ? this.doneTasks / seconds : 0).toFixed(1)} tasks/s`);
    if (byBytes) parts.push(`${(seconds > 0 ? this.doneBytes / seconds / MB : 0).toFixed(1)} MB/s`);
    parts.push(`ETA ${eta}`);
    if (this.failed > 0) parts.push(`${this.failed} failed`);
    const info = parts.join('  ');
    const barWidth = Math.max(10, Math.min(30, width - info.length - 3));
    const full = Math.round(frac * barWidth);
    return `${'█'.repeat(full)}${'░'.repeat(barWidth - full)} ${info}`.slice(0, width - 1);
  }

  private draw(): void {
    if (this.startedAt < 0 || !(this.stream.isTTY || this.options.force)) return;
    const t = this.now();
    if (t - this.startedAt < (this.options.delayMs ?? 300) || t - this.lastDraw < (this.options.intervalMs ?? 100)) return;
    this.lastDraw = t;
    this.drawn = true;
    this.stream.write(`\r\x1b[2K${this.render()}`);
  }

  private startTicker(): void {
    if (this.options.timer === false || this.ticker !== null) return;
    this.ticker = setInterval(() => this.draw(), this.options.intervalMs ?? 100);
    this.ticker.unref();
  }

  private stopTicker(): void {
    if (this.ticker !== null) clearInterval(this.ticker);
    this.ticker = null;
  }
}

const MB = 1e6;

function formatBytes(done: number, total: number): string {
  if (total >= 1e9) return `${(done / 1e9).toFixed(2)}/${(total / 1e9).toFixed(2)} GB`;
  return `${(done / MB).toFixed(1)}/${(total / MB).toFixed(1)} MB`;
}

export function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
