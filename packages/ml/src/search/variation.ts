/**
 * How the search makes pipelines: random ones for the first generation, mutation (replace,
 * insert or remove a preprocessing step, replace the estimator, change one hyper-parameter) and
 * one-point crossover (the head of one parent's chain joined to the tail of the other's). Every
 * choice comes from the given seeded Random.
 */
import type { OperatorInfo, Params } from '../operators/operator.js';
import type { Random } from '../random.js';
import type { PipelineSpec, StepSpec } from './pipeline-spec.js';

export interface OperatorSet {
  readonly preprocessors: readonly OperatorInfo[];
  readonly estimators: readonly OperatorInfo[];
}

/** Preprocessing steps in a pipeline at most (TPOT's trees rarely win with more). */
export const MAX_PREPROCESSORS = 3;

export function randomStep(info: OperatorInfo, random: Random): StepSpec {
  const params: Params = {};
  for (const [k, values] of Object.entries(info.space)) params[k] = random.pick(values);
  return { op: info.name, params };
}

export function randomPipeline(ops: OperatorSet, random: Random): PipelineSpec {
  const nPre = ops.preprocessors.length === 0 ? 0 : random.int(3); // 0, 1 or 2
  const steps: StepSpec[] = [];
  for (let i = 0; i < nPre; i++) steps.push(randomStep(random.pick(ops.preprocessors), random));
  steps.push(randomStep(random.pick(ops.estimators), random));
  return { steps };
}

export function mutate(spec: PipelineSpec, ops: OperatorSet, random: Random): PipelineSpec {
  const pre = spec.steps.slice(0, -1);
  const est = spec.steps[spec.steps.length - 1];
  const tunable = spec.steps.map((_s, i) => i).filter((i) => Object.keys(infoOf(ops, spec.steps[i].op).space).length > 0);
  const kinds: string[] = ['estimator'];
  if (tunable.length > 0) kinds.push('param', 'param');
  if (ops.preprocessors.length > 0 && pre.length < MAX_PREPROCESSORS) kinds.push('insert');
  if (pre.length > 0) kinds.push('shrink', 'replace');
  switch (random.pick(kinds)) {
    case 'estimator':
      return { steps: [...pre, randomStep(random.pick(ops.estimators), random)] };
    case 'insert': {
      const at = random.int(pre.length + 1);
      return { steps: [...pre.slice(0, at), randomStep(random.pick(ops.preprocessors), random), ...pre.slice(at), est] };
    }
    case 'shrink': {
      const at = random.int(pre.length);
      return { steps: [...pre.slice(0, at), ...pre.slice(at + 1), est] };
    }
    case 'replace': {
      const at = random.int(pre.length);
      return { steps: [...pre.slice(0, at), randomStep(random.pick(ops.preprocessors), random), ...pre.slice(at + 1), est] };
    }
    default: {
      const i = random.pick(tunable);
      const step = spec.steps[i];
      const space = infoOf(ops, step.op).space;
      const key = random.pick(Object.keys(space));
      const choices = space[key].filter((v) => v !== step.params[key]);
      const params = { ...step.params, [key]: choices.length > 0 ? random.pick(choices) : step.params[key] };
      return { steps: spec.steps.map((s, j) => (j === i ? { op: s.op, params } : s)) };
    }
  }
}

/** One-point crossover: a's steps before a cut, then b's steps from a cut (b's estimator ends the child). */
export function crossover(a: PipelineSpec, b: PipelineSpec, random: Random): PipelineSpec {
  const cutA = random.int(a.steps.length); // keep a.steps[0, cutA)
  const cutB = random.int(b.steps.length); // take b.steps[cutB, end]
  const steps = [...a.steps.slice(0, cutA), ...b.steps.slice(cutB)];
  const pre = steps.slice(0, -1).slice(-MAX_PREPROCESSORS);
  return { steps: [...pre, steps[steps.length - 1]] };
}

function infoOf(ops: OperatorSet, name: string): OperatorInfo {
  const info = ops.preprocessors.find((o) => o.name === name) ?? ops.estimators.find((o) => o.name === name);
  if (!info) throw new Error(`internal: operator '${name}' is not in the search's operator set`);
  return info;
}
