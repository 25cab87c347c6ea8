/**
 * A one-line progress bar for a running task graph, drawn on a terminal stream:
 *
 *   ███████████░░░░░░░░░░░░░  46%  148.0/320.0 MB  210.3 MB/s  ETA 1s  (12/26 parts)
 *
 * Feed it the scheduler's events (`onEvent: (e) => bar.update(e)`); it counts the bytes of
 * finished tasks against the total the graph announced. It draws nothing for a query that
 * ends within `delayMs`, redraws at most every `intervalMs`, and finish() erases the line so
 * that nothing is left between the user's prompt and the results. Owns no data, only the line.
 */
import type { SchedulerEvent } from 'floe';
import type { OutStream } from './cli-io.js';

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
}

export class ProgressBar {
  private readonly now: () => number;
  private readonly delayMs: number;
  private readonly intervalMs: number;
  private totalBytes = 0;
  private doneBytes = 0;
  private totalTasks = 0;
  private doneTasks = 0;
  private startedAt = -1;
  private lastDraw = -Infinity;
  private drawn = false;
  private ticker: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly stream: OutStream, private readonly options: ProgressBarOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.delayMs = options.delayMs ?? 300;
    this.intervalMs = options.intervalMs ?? 100;
  }

  update(e: SchedulerEvent): void {
    switch (e.type) {
      case 'graph-start': {
        const scans = e.tasks.filter((t) => t.bytes > 0);
        this.totalBytes += scans.reduce((s, t) => s + t.bytes, 0);
        this.totalTasks += scans.length;
        if (this.startedAt < 0) this.startedAt = this.now();
        if (this.options.timer !== false && this.ticker === null) {
          this.ticker = setInterval(() => this.draw(), this.intervalMs);
          this.ticker.unref();
        }
        break;
      }
      case 'task-done':
        if (e.bytes > 0) {
          this.doneBytes += e.bytes;
          this.doneTasks++;
        }
        this.draw();
        break;
      case 'graph-done':
        this.stopTicker();
        break;
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
  line(): string {
    const width = this.stream.columns ?? this.options.width ?? 80;
    const frac = this.totalBytes > 0 ? Math.min(1, this.doneBytes / this.totalBytes) : 0;
    const seconds = Math.max(0, this.now() - this.startedAt) / 1000;
    const rate = seconds > 0 ? this.doneBytes / seconds : 0;
    const eta = rate > 0 && this.doneBytes > 0 ? formatDuration((this.totalBytes - this.doneBytes) / rate) : '?';
    const pct = `${Math.floor(frac * 100)}%`.padStart(4);
    let info = `${pct}  ${formatBytes(this.doneBytes, this.totalBytes)}  ${formatRate(rate)}  ETA ${eta}`;
    const parts = `  (${this.doneTasks}/${this.totalTasks} parts)`;
    if (info.length + parts.length + 11 < width) info += parts; // only when it fits beside a bar
    const barWidth = Math.max(10, Math.min(30, width - info.length - 2));
    const full = Math.round(frac * barWidth);
    return `${'█'.repeat(full)}${'░'.repeat(barWidth - full)} ${info}`.slice(0, width - 1);
  }

  private draw(): void {
    if (this.startedAt < 0) return;
    const t = this.now();
    if (t - this.startedAt < this.delayMs || t - this.lastDraw < this.intervalMs) return;
    this.lastDraw = t;
    this.drawn = true;
    this.stream.write(`\r\x1b[2K${this.line()}`);
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

function formatRate(bytesPerSecond: number): string {
  return `${(bytesPerSecond / MB).toFixed(1)} MB/s`;
}

export function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
