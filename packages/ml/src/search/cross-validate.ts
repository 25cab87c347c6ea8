/**
 * k-fold cross-validation of one pipeline spec: the mean score over the folds. Checks the
 * deadline between folds (a fit cannot be interrupted on its own thread) and throws an
 * EvalTimeout past it. Pure computation: runs the same on a worker or the calling thread.
 */
import { accuracy } from '../metrics/accuracy.js';
import { f1 } from '../metrics/f1.js';
import { meanSquaredError, r2 } from '../metrics/r2.js';
import type { Fold } from '../split/k-fold.js';
import { Pipeline } from './pipeline.js';
import type { PipelineSpec } from './pipeline-spec.js';
import type { Scoring } from './shared-data.js';

export class EvalTimeout extends Error {
  override readonly name = 'EvalTimeout';
}

export function score(scoring: Scoring, yTrue: number[], yPred: number[]): number {
  switch (scoring) {
    case 'accuracy':
      return accuracy(yTrue, yPred);
    case 'f1':
      return f1(yTrue, yPred);
    case 'r2':
      return r2(yTrue, yPred);
    case 'negMse':
      return -meanSquaredError(yTrue, yPred);
  }
}

export function crossValidate(spec: PipelineSpec, X: number[][], y: number[], folds: readonly Fold[], scoring: Scoring, seed: number, deadline = Infinity): number {
  let sum = 0;
  for (const [i, fold] of folds.entries()) {
    const pipeline = Pipeline.fromSpec(spec, seed);
    pipeline.fit(fold.train.map((r) => X[r]), fold.train.map((r) => y[r]));
    const s = score(scoring, fold.test.map((r) => y[r]), pipeline.predict(fold.test.map((r) => X[r])));
    if (!Number.isFinite(s)) throw new Error(`fold ${i + 1} scored ${s}`);
    sum += s;
    if (performance.now() > deadline && i < folds.length - 1) throw new EvalTimeout(`over its time limit after fold ${i + 1} of ${folds.length}`);
  }
  return sum / folds.length;
}
