/**
 * TPOT's search loop (a (μ + λ) evolutionary algorithm): a random population is scored; each
 * generation makes `offspringSize` children by mutation or one-point crossover of randomly chosen
 * parents, scores the ones never seen before (the cache: no pipeline is scored twice), and keeps
 * `populationSize` of parents + children by NSGA-II on (CV score, size). Stops after
 * `generations` or at `deadline`. Every random choice comes from one seeded generator and results
 * are taken in submission order, so a seed gives the same search whatever finishes first.
 * Knows nothing of threads: `evaluate` scores a batch (on the pool, in practice).
 */
import type { CandidateResult } from '../ops/evaluate-candidate.js';
import { Random } from '../random.js';
import { nonDominatedFronts, selectNsga2 } from './nsga2.js';
import { specSize, specText, type PipelineSpec } from './pipeline-spec.js';
import { crossover, mutate, randomPipeline, type OperatorSet } from './variation.js';

export interface Individual {
  readonly spec: PipelineSpec;
  readonly text: string;
  readonly score: number;
  readonly size: number;
  readonly error?: string;
}

export interface GenerationReport {
  generation: number;
  bestScore: number;
  best: string;
  evaluated: number;
  failed: number;
}

export interface EvolveOptions {
  operators: OperatorSet;
  generations: number;
  populationSize: number;
  offspringSize?: number;
  seed: number;
  mutationRate?: number;
  crossoverRate?: number;
  /** performance.now() past which no new generation starts. */
  deadline?: number;
  onGeneration?: (report: GenerationReport) => void;
}

export interface EvolveResult {
  best: Individual;
  pareto: Individual[];
  evaluated: Map<string, Individual>;
  history: GenerationReport[];
}

const UNIQUE_TRIES = 50;

export async function evolve(evaluate: (specs: PipelineSpec[]) => Promise<CandidateResult[]>, options: EvolveOptions): Promise<EvolveResult> {
  const random = new Random(options.seed);
  const cache = new Map<string, Individual>();
  const history: GenerationReport[] = [];
  const mutationRate = options.mutationRate ?? 0.9;
  const crossoverRate = options.crossoverRate ?? 0.1;
  const offspringSize = options.offspringSize ?? options.populationSize;

  const score = async (specs: PipelineSpec[]): Promise<Individual[]> => {
    const fresh: PipelineSpec[] = [];
    const seen = new Set<string>();
    for (const s of specs) {
      const t = specText(s);
      if (!cache.has(t) && !seen.has(t)) {
        seen.add(t);
        fresh.push(s);
      }
    }
    const results = fresh.length > 0 ? await evaluate(fresh) : [];
    fresh.forEach((spec, i) => {
      const r = results[i];
      cache.set(specText(spec), { spec, text: specText(spec), score: r.score, size: specSize(spec), error: r.error });
    });
    return specs.map((s) => cache.get(specText(s))!);
  };

  const report = (generation: number, population: Individual[]): void => {
    const best = bestOf(population);
    const r: GenerationReport = { generation, bestScore: best.score, best: best.text, evaluated: cache.size, failed: [...cache.values()].filter((i) => i.score === -Infinity).length };
    history.push(r);
    options.onGeneration?.(r);
  };

  const initial: PipelineSpec[] = [];
  const texts = new Set<string>();
  for (let tries = 0; initial.length < options.populationSize && tries < options.populationSize * UNIQUE_TRIES; tries++) {
    const s = randomPipeline(options.operators, random);
    if (!texts.has(specText(s))) {
      texts.add(specText(s));
      initial.push(s);
    }
  }
  let population = await score(initial);
  report(0, population);

  for (let g = 1; g <= options.generations; g++) {
    if (options.deadline !== undefined && performance.now() >= options.deadline) break;
    const children: PipelineSpec[] = [];
    const childTexts = new Set<string>();
    while (children.length < offspringSize) {
      let child: PipelineSpec | null = null;
      for (let t = 0; t < UNIQUE_TRIES; t++) {
        const op = random.next();
        const a = random.pick(population).spec;
        if (op < crossoverRate && population.length > 1) child = crossover(a, random.pick(population).spec, random);
        else if (op < crossoverRate + mutationRate) child = mutate(a, options.operators, random);
        else child = a;
        const text = specText(child);
        if (!cache.has(text) && !childTexts.has(text)) break;
      }
      childTexts.add(specText(child!));
      children.push(child!);
    }
    const offspring = await score(children);
    // parents + children, without duplicates (a child equal to a parent adds nothing)
    const pool: Individual[] = [];
    const inPool = new Set<string>();
    for (const ind of [...population, ...offspring]) {
      if (inPool.has(ind.text)) continue;
      inPool.add(ind.text);
      pool.push(ind);
    }
    population = selectNsga2(pool, options.populationSize).map((i) => pool[i]);
    report(g, population);
  }

  const all = [...cache.values()];
  const best = bestOf(all);
  if (best.score === -Infinity) {
    const reasons = [...new Set(all.map((i) => i.error).filter(Boolean))].slice(0, 3);
    throw new Error(`no candidate pipeline could be scored (${all.length} tried); for example: ${reasons.join('; ')}`);
  }
  const front = nonDominatedFronts(all)[0];
  return { best, pareto: front.map((i) => all[i]).filter((i) => i.score > -Infinity), evaluated: cache, history };
}

/** Highest score; then the smaller pipeline; then the first in text order (deterministic). */
export function bestOf(items: readonly Individual[]): Individual {
  return items.reduce((b, i) => (i.score > b.score || (i.score === b.score && (i.size < b.size || (i.size === b.size && i.text < b.text))) ? i : b));
}
