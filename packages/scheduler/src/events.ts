/** Progress events a running graph emits; the progress bar and the dashboard consume them. */
export type SchedulerEvent =
  | { type: 'graph-start'; graphId: number; tasks: { key: string; group: string; bytes: number }[]; time: number }
  | { type: 'task-start'; graphId: number; key: string; group: string; time: number }
  | {
      type: 'task-done';
      graphId: number;
      key: string;
      group: string;
      worker: number;
      start: number;
      end: number;
      bytes: number;
    }
  | { type: 'task-retry'; graphId: number; key: string; group: string; attempt: number; message: string; time: number }
  | { type: 'task-error'; graphId: number; key: string; group: string; message: string; time: number }
  | { type: 'graph-done'; graphId: number; ok: boolean; time: number };

export type EventListener = (event: SchedulerEvent) => void;
