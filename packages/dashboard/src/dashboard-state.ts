/**
 * What the dashboard knows, folded from scheduler events: per task group how many tasks are
 * waiting, running, done and failed; the finished tasks as bars (worker, start, end) for the
 * task stream; and throughput. Pure bookkeeping, fed by the client's event bus; memory comes
 * from the executor when a snapshot is taken. Keeps bounded history only (the last
 * MAX_BARS bars, the last HISTORY_SECONDS seconds of throughput).
 */
import { GroupColors, type SchedulerEvent } from '@floe/scheduler';

export interface TaskBar {
  /** Increasing number, so a viewer can ask for bars after the last one it has. */
  seq: number;
  key: string;
  group: string;
  worker: number;
  start: number;
  end: number;
}

export interface GroupProgress {
  group: string;
  color: string;
  total: number;
  waiting: number;
  running: number;
  done: number;
  failed: number;
}

export interface Throughput {
  /** Over the last few seconds. */
  tasksPerSecond: number;
  bytesPerSecond: number;
  tasksDone: number;
  bytesDone: number;
  /** Tasks and bytes finished in each of the last seconds, oldest first. */
  history: { time: number; tasks: number; bytes: number }[];
}

export interface Snapshot {
  time: number;
  startedAt: number;
  /** Some graph is running. */
  busy: boolean;
  workers: { id: number; heap: number | null }[];
  process: { rss: number; heapUsed: number };
  groups: GroupProgress[];
  /** Bars after the viewer's last `seq`. */
  stream: TaskBar[];
  lastSeq: number;
  throughput: Throughput;
}

type TaskState = 'waiting' | 'running' | 'done' | 'failed';

const MAX_BARS = 5000;
const HISTORY_SECONDS = 60;
const RATE_WINDOW_MS = 3000;

export class DashboardState {
  private readonly groups = new Map<string, GroupProgress>();
  private readonly graphs = new Map<number, Map<string, { group: string; state: TaskState }>>();
  private readonly bars: TaskBar[] = [];
  private readonly recent: { end: number; bytes: number }[] = [];
  private readonly buckets = new Map<number, { tasks: number; bytes: number }>();
  private readonly workersSeen = new Set<number>();
  private readonly colors = new GroupColors();
  private seq = 0;
  private tasksDone = 0;
  private bytesDone = 0;

  constructor(private readonly now: () => number = Date.now, readonly startedAt = now()) {}

  /** Pass as the client's listener. */
  readonly listener = (e: SchedulerEvent): void => this.update(e);

  get busy(): boolean {
    return this.graphs.size > 0;
  }

  update(e: SchedulerEvent): void {
    switch (e.type) {
      case 'graph-start': {
        const tasks = new Map<string, { group: string; state: TaskState }>();
        for (const t of e.tasks) {
          tasks.set(t.key, { group: t.group, state: 'waiting' });
          const g = this.group(t.group);
          g.total++;
          g.waiting++;
        }
        this.graphs.set(e.graphId, tasks);
        break;
      }
      case 'task-start':
        this.move(e.graphId, e.key, 'running');
        break;
      case 'task-retry':
        this.move(e.graphId, e.key, 'waiting');
        break;
      case 'task-error':
        this.move(e.graphId, e.key, 'failed');
        break;
      case 'task-done': {
        this.move(e.graphId, e.key, 'done');
        this.addBar({ seq: ++this.seq, key: e.key, group: e.group, worker: e.worker, start: e.start, end: e.end });
        this.tasksDone++;
        this.bytesDone += e.bytes;
        this.recent.push({ end: e.end, bytes: e.bytes });
        const second = Math.floor(e.end / 1000);
        const b = this.buckets.get(second) ?? { tasks: 0, bytes: 0 };
        b.tasks++;
        b.bytes += e.bytes;
        this.buckets.set(second, b);
        break;
      }
      case 'graph-done': {
        // tasks a failed or cancelled graph never ran leave the counts
        for (const t of this.graphs.get(e.graphId)?.values() ?? []) {
          if (t.state !== 'waiting' && t.state !== 'running') continue;
          const g = this.group(t.group);
          g[t.state]--;
          g.total--;
        }
        this.graphs.delete(e.graphId);
        break;
      }
      default:
        break;
    }
  }

  snapshot(after: number, memory: { workers: Map<number, number>; ids: number[] }): Snapshot {
    const now = this.now();
    this.prune(now);
    const ids = new Set([...memory.ids, ...memory.workers.keys(), ...this.workersSeen]);
    const windowStart = now - RATE_WINDOW_MS;
    const inWindow = this.recent.filter((r) => r.end >= windowStart);
    const span = Math.min(RATE_WINDOW_MS, Math.max(1, now - this.startedAt)) / 1000;
    const nowSecond = Math.floor(now / 1000);
    const history = [];
    for (let s = nowSecond - HISTORY_SECONDS + 1; s <= nowSecond; s++) {
      const b = this.buckets.get(s);
      history.push({ time: s * 1000, tasks: b?.tasks ?? 0, bytes: b?.bytes ?? 0 });
    }
    const mem = process.memoryUsage();
    return {
      time: now,
      startedAt: this.startedAt,
      busy: this.busy,
      workers: [...ids].sort((a, b) => a - b).map((id) => ({ id, heap: memory.workers.get(id) ?? null })),
      process: { rss: mem.rss, heapUsed: mem.heapUsed },
      groups: [...this.groups.values()].map((g) => ({ ...g })),
      stream: this.barsAfter(after),
      lastSeq: this.seq,
      throughput: {
        tasksPerSecond: inWindow.length / span,
        bytesPerSecond: inWindow.reduce((s, r) => s + r.bytes, 0) / span,
        tasksDone: this.tasksDone,
        bytesDone: this.bytesDone,
        history,
      },
    };
  }

  /** Bars with `seq` greater than `after`. */
  barsAfter(after: number): TaskBar[] {
    if (this.bars.length === 0 || after >= this.seq) return [];
    const first = this.bars[0].seq;
    return this.bars.slice(Math.max(0, after + 1 - first));
  }

  private addBar(bar: TaskBar): void {
    this.bars.push(bar);
    if (bar.worker !== 0) this.workersSeen.add(bar.worker);
    if (this.bars.length > MAX_BARS) this.bars.splice(0, this.bars.length - MAX_BARS);
  }

  private move(graphId: number, key: string, to: TaskState): void {
    const t = this.graphs.get(graphId)?.get(key);
    if (!t || t.state === to) return;
    const g = this.group(t.group);
    g[t.state]--;
    g[to]++;
    t.state = to;
  }

  private group(name: string): GroupProgress {
    let g = this.groups.get(name);
    if (!g) {
      g = { group: name, color: this.colors.get(name), total: 0, waiting: 0, running: 0, done: 0, failed: 0 };
      this.groups.set(name, g);
    }
    return g;
  }

  private prune(now: number): void {
    const cut = now - RATE_WINDOW_MS;
    let i = 0;
    while (i < this.recent.length && this.recent[i].end < cut) i++;
    if (i > 0) this.recent.splice(0, i);
    const oldest = Math.floor(now / 1000) - HISTORY_SECONDS;
    for (const s of this.buckets.keys()) if (s <= oldest) this.buckets.delete(s);
  }
}
