/**
 * The task every candidate pipeline is: its k-fold CV score on the shared training data.
 * Runs on a pool thread (imported by package export, `@floe/ml/ops/evaluate-candidate`), unpacks
 * each data set once per thread, and never throws for a bad candidate: a pipeline that fails or
 * runs past its time limit comes back as score -Infinity with the reason, so the search goes on.
 */
import { crossValidate, EvalTimeout } from '../search/cross-validate.js';
import type { PipelineSpec } from '../search/pipeline-spec.js';
import { unpackRows, type SharedData } from '../search/shared-data.js';
import { kFold, stratifiedKFold, type Fold } from '../split/k-fold.js';

export interface CandidateResult {
  score: number;
  /** Why the score is -Infinity. */
  error?: string;
  timedOut?: boolean;
  ms: number;
}

interface Unpacked {
  X: number[][];
  y: number[];
  folds: Fold[];
}

// one data set per search; a thread keeps the last few (a search at a time is the usual case)
const cache = new Map<string, Unpacked>();
const KEEP = 2;

function unpack(data: SharedData): Unpacked {
  let u = cache.get(data.id);
  if (!u) {
    const { X, y } = unpackRows(data);
    const folds = data.stratify ? stratifiedKFold(y, data.cv, { seed: data.seed }) : kFold(y.length, data.cv, { seed: data.seed });
    u = { X, y, folds };
    cache.set(data.id, u);
    while (cache.size > KEEP) cache.delete(cache.keys().next().value as string);
  }
  return u;
}

export function evaluateCandidate(data: SharedData, spec: PipelineSpec, maxEvalMs: number): CandidateResult {
  const start = performance.now();
  try {
    const { X, y, folds } = unpack(data);
    const score = crossValidate(spec, X, y, folds, data.scoring, data.seed, start + maxEvalMs);
    return { score, ms: performance.now() - start };
  } catch (err) {
    const timedOut = err instanceof EvalTimeout;
    return { score: -Infinity, error: (err as Error)?.message ?? String(err), timedOut, ms: performance.now() - start };
  }
}
