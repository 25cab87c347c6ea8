/**
 * A pipeline as plain data: preprocessing steps then one estimator, each an operator name and
 * its parameters. This is what the search evolves, what the cache is keyed by, and what a
 * candidate task carries to a worker. (TPOT's trees may also stack estimators and combine
 * feature sets; floe's pipelines are the linear chains those trees reduce to most often.)
 */
import type { Params } from '../operators/operator.js';
import { operatorInfo } from '../operators/registry.js';

export interface StepSpec {
  readonly op: string;
  readonly params: Params;
}

export interface PipelineSpec {
  readonly steps: readonly StepSpec[];
}

/** The canonical text of a pipeline, e.g. `StandardScaler → KNeighborsClassifier(k=3, weights='distance')`. */
export function specText(spec: PipelineSpec): string {
  return spec.steps.map((s) => stepText(s)).join(' → ');
}

export function stepText(step: StepSpec): string {
  const keys = Object.keys(operatorInfo(step.op).space);
  if (keys.length === 0) return step.op;
  return `${step.op}(${keys.map((k) => `${k}=${typeof step.params[k] === 'string' ? `'${step.params[k]}'` : String(step.params[k])}`).join(', ')})`;
}

/** Pipeline size for the (score, size) trade-off: the number of steps. */
export function specSize(spec: PipelineSpec): number {
  return spec.steps.length;
}
