/**
 * The training data as the search ships it to workers: rows and targets in SharedArrayBuffers,
 * so every candidate task carries a reference to the same memory (structured clone shares a
 * SharedArrayBuffer, it does not copy it), plus what a worker needs to cut the same CV folds.
 * A worker unpacks a given `id` once and keeps it (evaluate-candidate.ts).
 */
import { randomUUID } from 'node:crypto';

export type Scoring = 'accuracy' | 'f1' | 'r2' | 'negMse';

export interface SharedData {
  readonly id: string;
  readonly rows: number;
  readonly cols: number;
  readonly X: Float64Array;
  readonly y: Float64Array;
  readonly cv: number;
  readonly stratify: boolean;
  readonly seed: number;
  readonly scoring: Scoring;
}

export function shareData(X: number[][], y: number[], options: { cv: number; stratify: boolean; seed: number; scoring: Scoring }): SharedData {
  const rows = X.length;
  const cols = X[0].length;
  const Xs = new Float64Array(new SharedArrayBuffer(rows * cols * 8));
  for (let i = 0; i < rows; i++) Xs.set(X[i], i * cols);
  const ys = new Float64Array(new SharedArrayBuffer(rows * 8));
  ys.set(y);
  return { id: randomUUID(), rows, cols, X: Xs, y: ys, ...options };
}

export function unpackRows(data: SharedData): { X: number[][]; y: number[] } {
  const X: number[][] = [];
  for (let i = 0; i < data.rows; i++) X.push(Array.from(data.X.subarray(i * data.cols, (i + 1) * data.cols)));
  return { X, y: Array.from(data.y) };
}
