import { describe, expect, it } from 'vitest';
import type { CandidateResult } from '../ops/evaluate-candidate.js';
import { evaluateCandidate } from '../ops/evaluate-candidate.js';
import { operatorsOf } from '../operators/registry.js';
import { evolve } from './evolve.js';
import { nonDominatedFronts, selectNsga2 } from './nsga2.js';
import { specText, type PipelineSpec } from './pipeline-spec.js';
import { shareData } from './shared-data.js';

const ops = { preprocessors: operatorsOf('preprocessor'), estimators: operatorsOf('classifier') };
// a deterministic stand-in for CV: a score from the pipeline's text; some candidates fail
const fake = (fail: (s: PipelineSpec) => boolean) => async (specs: PipelineSpec[]): Promise<CandidateResult[]> =>
  specs.map((s) => {
    if (fail(s)) return { score: -Infinity, error: 'boom', ms: 0 };
    const t = specText(s);
    let h = 0;
    for (const c of t) h = (h * 31 + c.charCodeAt(0)) % 1000;
    return { score: h / 1000 - 0.1 * s.steps.length, ms: 0 };
  });

describe('NSGA-II', () => {
  it('fronts by (score up, size down); crowding breaks the last front', () => {
    const items = [{ score: 0.9, size: 3 }, { score: 0.8, size: 1 }, { score: 0.7, size: 2 }, { score: 0.95, size: 3 }];
    // 0.95/3 and 0.8/1 are non-dominated; 0.9/3 is dominated by 0.95/3; 0.7/2 by 0.8/1
    expect(nonDominatedFronts(items)).toEqual([[1, 3], [0, 2]]);
    expect(selectNsga2(items, 3).sort()).toEqual([0, 1, 3]);
  });
});

describe('evolve', () => {
  const options = { operators: ops, generations: 3, populationSize: 6, seed: 7 };
  it('is reproducible for a fixed seed and differs for another', async () => {
    const a = await evolve(fake(() => false), options);
    const b = await evolve(fake(() => false), options);
    expect([...b.evaluated.keys()]).toEqual([...a.evaluated.keys()]);
    expect(b.best.text).toBe(a.best.text);
    const c = await evolve(fake(() => false), { ...options, seed: 8 });
    expect([...c.evaluated.keys()]).not.toEqual([...a.evaluated.keys()]);
  });
  it('scores no pipeline twice, and failing candidates (-Infinity) do not stop it', async () => {
    const seen: string[] = [];
    const r = await evolve(async (specs) => {
      seen.push(...specs.map(specText));
      return fake((s) => s.steps.length === 2)(specs);
    }, options);
    expect(new Set(seen).size).toBe(seen.length);
    expect(r.history.length).toBe(4);
    expect([...r.evaluated.values()].some((i) => i.score === -Infinity)).toBe(true);
    expect(r.best.score).toBeGreaterThan(-Infinity);
    expect(r.best.spec.steps.length).not.toBe(2);
  });
  it('says why when no candidate could be scored', async () => {
    await expect(evolve(fake(() => true), options)).rejects.toThrow('no candidate pipeline could be scored');
  });
});

describe('evaluateCandidate (the worker task)', () => {
  const X = Array.from({ length: 30 }, (_, i) => [i % 3, (i % 3) * 2 + (i % 2)]);
  const y = X.map((r) => r[0]);
  const data = shareData(X, y, { cv: 3, stratify: true, seed: 1, scoring: 'accuracy' });
  it('scores a pipeline by k-fold CV', () => {
    expect(evaluateCandidate(data, { steps: [{ op: 'KNeighborsClassifier', params: { k: 1, weights: 'uniform' } }] }, 60_000).score).toBe(1);
  });
  it('a throwing pipeline scores -Infinity with its reason', () => {
    const r = evaluateCandidate(data, { steps: [{ op: 'VarianceThreshold', params: { threshold: 1000 } }, { op: 'GaussianNB', params: {} }] }, 60_000);
    expect(r.score).toBe(-Infinity);
    expect(r.error).toContain('no column has a variance above 1000');
  });
  it('a pipeline over its time limit scores -Infinity, marked timed out', () => {
    const r = evaluateCandidate(data, { steps: [{ op: 'LinearSVC', params: { C: 1, epochs: 20 } }] }, 1e-9);
    expect(r).toMatchObject({ score: -Infinity, timedOut: true });
  });
});
