/**
 * What a job carries through BullMQ, both ways. The driver adds a `TaskJob` under a
 * deterministic id; the worker returns a `TaskReply` (BullMQ stores it as the job's return
 * value and sends it with the 'completed' event) or fails the job with a `TaskFailure` encoded
 * as the failure reason, since BullMQ keeps only a string for it.
 */
import type { ErrorData } from '@floe/scheduler';
import type { OpAddress } from './op-address.js';
import type { Payload } from './payload.js';

export interface TaskJob {
  key: string;
  op: OpAddress;
  args: Payload;
}

export interface TaskReply {
  value: Payload;
  /** The worker's lane id (its pid). */
  worker: number;
  host: string;
  start: number;
  end: number;
}

/** `lost`: the worker's thread died under the task (not an error of the task's own code). */
export interface TaskFailure {
  floe: 1;
  lost: boolean;
  error: ErrorData;
}

/** BullMQ refuses ':' in custom ids; keys are readable, so only that character is replaced. */
export const jobId = (session: string, key: string, attempt: number): string => `${session}.${key.replaceAll(':', '_')}.${attempt}`;

export function parseFailure(reason: string | undefined): TaskFailure | null {
  if (!reason?.startsWith('{"floe":1')) return null;
  try {
    return JSON.parse(reason) as TaskFailure;
  } catch {
    return null;
  }
}
