/**
 * A fitted (or fittable) chain of steps: every step but the last transforms the rows, the last
 * predicts. `toString()` prints it as `StandardScaler → KNeighborsClassifier(k=3, weights='distance')`.
 */
import type { Estimator, Transformer } from '../operators/operator.js';
import { operatorInfo } from '../operators/registry.js';
import { hashSeed } from '../random.js';
import { checkData } from '../split/check-data.js';
import { specText, type PipelineSpec } from './pipeline-spec.js';

export class Pipeline {
  readonly steps: readonly (Transformer | Estimator)[];

  constructor(steps: readonly (Transformer | Estimator)[]) {
    if (steps.length === 0) throw new Error('a pipeline needs at least one step (an estimator last)');
    const last = steps[steps.length - 1];
    if (typeof (last as Estimator).predict !== 'function') throw new Error(`the last step of a pipeline must predict; ${last} does not`);
    for (const s of steps.slice(0, -1)) if (typeof (s as Transformer).transform !== 'function') throw new Error(`step ${s} of a pipeline must transform (only the last step predicts)`);
    this.steps = steps;
  }

  /** Builds the steps a spec describes; operators that draw random numbers get seeds derived from `seed`. */
  static fromSpec(spec: PipelineSpec, seed = 42): Pipeline {
    return new Pipeline(spec.steps.map((s, i) => operatorInfo(s.op).create(s.params, hashSeed(`${seed}:${i}:${s.op}`))));
  }

  fit(X: number[][], y: number[]): this {
    checkData('Pipeline.fit', X, y);
    let rows = X;
    for (const s of this.steps.slice(0, -1)) rows = (s as Transformer).fit(rows, y).transform(rows);
    this.estimator.fit(rows, y);
    return this;
  }

  predict(X: number[][]): number[] {
    checkData('Pipeline.predict', X);
    let rows = X;
    for (const s of this.steps.slice(0, -1)) rows = (s as Transformer).transform(rows);
    return this.estimator.predict(rows);
  }

  get estimator(): Estimator {
    return this.steps[this.steps.length - 1] as Estimator;
  }

  toString(): string {
    return this.steps.map(String).join(' → ');
  }
}

/** `makePipeline(new StandardScaler(), new KNeighborsClassifier({ k: 3 }))`. */
export function makePipeline(...steps: (Transformer | Estimator)[]): Pipeline {
  return new Pipeline(steps);
}

export { specText };
