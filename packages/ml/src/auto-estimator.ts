/**
 * The TPOT-style estimator shared by AutoClassifier and AutoRegressor: fit() runs the genetic
 * pipeline search (search/evolve.ts) with every candidate's k-fold CV a task on the current
 * Client (or the shared pool), then refits the best pipeline on all the training data.
 *
 *   const est = new AutoClassifier({ generations: 5, populationSize: 20, cv: 5, seed: 42, maxTimeMins: 10, verbosity: 2 });
 *   await est.fit(Xtrain, ytrain);
 *   est.score(Xtest, ytest); est.fittedPipeline.toString(); await est.export('best-pipeline.ts');
 */
import { Client, getCurrentClient, ProgressBar, sharedPool } from '@floe/scheduler';
import { writeExportScript, type ExportOptions } from './export-script.js';
import type { Kind } from './operators/operator.js';
import { operatorsOf } from './operators/registry.js';
import { score as scoreWith } from './search/cross-validate.js';
import { evolve, type EvolveResult, type GenerationReport, type Individual } from './search/evolve.js';
import { Pipeline } from './search/pipeline.js';
import { runCandidates } from './search/run-candidates.js';
import { shareData, type Scoring } from './search/shared-data.js';
import type { OperatorSet } from './search/variation.js';
import { checkData } from './split/check-data.js';
import { provenanceOf } from './split/provenance.js';

export interface AutoOptions {
  /** Generations after the first (default 100, as TPOT). */
  generations?: number;
  /** Pipelines kept each generation (default 100, as TPOT). */
  populationSize?: number;
  /** Children made each generation (default populationSize). */
  offspringSize?: number;
  /** Folds of cross-validation per candidate (default 5; stratified for classification). */
  cv?: number;
  /** Seed of every random choice (default 42). */
  seed?: number;
  /** Stop starting new work after this many minutes (default: no limit). */
  maxTimeMins?: number;
  /** A candidate running longer than this is scored -Infinity (default 5, as TPOT). */
  maxEvalTimeMins?: number;
  /** 0 silent, 1 a summary, 2 a progress bar and the best CV score each generation. */
  verbosity?: 0 | 1 | 2;
  /** Score to maximise: 'accuracy' | 'f1' (classification), 'r2' | 'negMse' (regression). */
  scoring?: Scoring;
  /** Restrict the search to these operator names (default: all of this task's). */
  operators?: readonly string[];
  /** Mutation and crossover probabilities (default 0.9 / 0.1, as TPOT). */
  mutationRate?: number;
  crossoverRate?: number;
  /** Run on this client (default: the current client, else the shared pool). */
  client?: Client;
  /** Where verbosity output goes (default process.stderr). */
  log?: { write(chunk: string): unknown; isTTY?: boolean };
}

export abstract class AutoEstimator {
  protected readonly options: Required<Omit<AutoOptions, 'maxTimeMins' | 'client' | 'operators' | 'log' | 'offspringSize'>> & Pick<AutoOptions, 'maxTimeMins' | 'client' | 'operators' | 'log' | 'offspringSize'>;
  private result: EvolveResult | null = null;
  private pipeline: Pipeline | null = null;
  private trainedOn: { X: number[][]; y: number[] } | null = null;

  constructor(
    private readonly kind: Exclude<Kind, 'preprocessor'>,
    options: AutoOptions,
  ) {
    const scorings: Scoring[] = kind === 'classifier' ? ['accuracy', 'f1'] : ['r2', 'negMse'];
    const o = {
      generations: 100,
      populationSize: 100,
      cv: 5,
      seed: 42,
      maxEvalTimeMins: 5,
      verbosity: 0 as const,
      scoring: scorings[0],
      mutationRate: 0.9,
      crossoverRate: 0.1,
      ...options,
    };
    const name = this.constructor.name;
    const intAtLeast = (key: 'generations' | 'populationSize' | 'cv', min: number): void => {
      if (!Number.isInteger(o[key]) || o[key] < min) throw new Error(`${name}: ${key} must be an integer ≥ ${min}, got ${o[key]}`);
    };
    intAtLeast('generations', 0);
    intAtLeast('populationSize', 1);
    intAtLeast('cv', 2);
    if (!scorings.includes(o.scoring)) throw new Error(`${name}: scoring must be one of ${scorings.join(', ')}, got '${o.scoring}'`);
    if (o.maxTimeMins !== undefined && !(o.maxTimeMins > 0)) throw new Error(`${name}: maxTimeMins must be > 0, got ${o.maxTimeMins}`);
    if (!(o.maxEvalTimeMins > 0)) throw new Error(`${name}: maxEvalTimeMins must be > 0, got ${o.maxEvalTimeMins}`);
    this.options = o;
  }

  /** Searches pipelines on (X, y) and refits the best one on all of it. */
  async fit(X: number[][], y: number[]): Promise<this> {
    const name = this.constructor.name;
    checkData(`${name}.fit`, X, y);
    if (X.length < this.options.cv) throw new Error(`${name}.fit: ${X.length} rows cannot make ${this.options.cv} CV folds`);
    if (this.kind === 'classifier' && new Set(y).size < 2) throw new Error(`${name}.fit: y holds one class (${y[0]}); a classifier needs at least two (every candidate would fail)`);
    // a continuous target (sklearn's "Unknown label type: 'continuous'"): each value its own class, a CV score of 0
    const fraction = this.kind === 'classifier' ? y.findIndex((v) => !Number.isInteger(v)) : -1;
    if (fraction >= 0) throw new Error(`${name}.fit: y[${fraction}] is ${y[fraction]}, not a class label (classes are whole numbers); for a continuous target use AutoRegressor`);
    const start = performance.now();
    const deadline = this.options.maxTimeMins === undefined ? Infinity : start + this.options.maxTimeMins * 60_000;
    const ops = this.operatorSet();
    const data = shareData(X, y, { cv: this.options.cv, stratify: this.kind === 'classifier', seed: this.options.seed, scoring: this.options.scoring });
    const client = this.options.client ?? getCurrentClient() ?? new Client({ executor: sharedPool(), current: false });
    const log = this.options.log ?? process.stderr;
    const bar = this.options.verbosity >= 2 ? new ProgressBar(log) : null;
    const off = bar ? client.on(bar.listener) : null;
    const onGeneration = (r: GenerationReport): void => {
      if (this.options.verbosity < 2) return;
      bar?.finish();
      log.write(`Generation ${r.generation} - Current best internal CV score: ${r.bestScore.toFixed(4)}  ${r.best}\n`);
    };
    try {
      this.result = await evolve((specs) => runCandidates(client, data, specs, this.options.maxEvalTimeMins * 60_000, deadline), {
        operators: ops,
        generations: this.options.generations,
        populationSize: this.options.populationSize,
        offspringSize: this.options.offspringSize,
        seed: this.options.seed,
        mutationRate: this.options.mutationRate,
        crossoverRate: this.options.crossoverRate,
        deadline,
        onGeneration,
      });
    } finally {
      off?.();
      bar?.finish();
    }
    this.pipeline = Pipeline.fromSpec(this.result.best.spec, this.options.seed).fit(X, y);
    this.trainedOn = { X, y };
    if (this.options.verbosity >= 1) {
      log.write(`Best pipeline: ${this.pipeline} (CV ${this.options.scoring} ${this.result.best.score.toFixed(4)}; ${this.result.evaluated.size} pipelines scored in ${((performance.now() - start) / 1000).toFixed(1)} s)\n`);
    }
    return this;
  }

  predict(X: number[][]): number[] {
    const pipeline = this.fittedPipeline;
    const width = this.trainedOn!.X[0].length;
    const bad = X.findIndex((r) => !Array.isArray(r) || r.length !== width);
    if (bad >= 0) throw new Error(`${this.constructor.name}.predict: row ${bad} has ${Array.isArray(X[bad]) ? `${X[bad].length} features` : `no features (${typeof X[bad]})`}, but the pipeline was fitted on ${width}`);
    return pipeline.predict(X);
  }

  /** The search's scoring of the best pipeline's predictions on (X, y). */
  score(X: number[][], y: number[]): number {
    checkData(`${this.constructor.name}.score`, X, y);
    return scoreWith(this.options.scoring, y, this.predict(X));
  }

  /** The best pipeline, refitted on all the training data. */
  get fittedPipeline(): Pipeline {
    if (!this.pipeline) throw new Error(`${this.constructor.name} is not fitted: await fit(X, y) first`);
    return this.pipeline;
  }

  /** Every pipeline scored, by its text: its CV score (-Infinity when it failed) and size. */
  get evaluatedPipelines(): ReadonlyMap<string, Individual> {
    return this.searchResult.evaluated;
  }

  /** The pipelines no other beats on both CV score and size. */
  get paretoFront(): readonly Individual[] {
    return this.searchResult.pareto;
  }

  /** The best CV score after each generation. */
  get history(): readonly GenerationReport[] {
    return this.searchResult.history;
  }

  /** The best pipeline's mean CV score. */
  get cvScore(): number {
    return this.searchResult.best.score;
  }

  /**
   * Writes a standalone script that loads the data, refits the best pipeline and prints its test
   * score. With data from loadDigits()/trainTestSplit() it repeats that exactly; otherwise it
   * reads a CSV named on its command line (features, then the target column last).
   */
  async export(path: string, options: ExportOptions = {}): Promise<void> {
    const result = this.searchResult;
    const trained = this.trainedOn!;
    await writeExportScript(path, {
      kind: this.kind,
      spec: result.best.spec,
      seed: this.options.seed,
      scoring: this.options.scoring,
      cvScore: result.best.score,
      provenance: { X: provenanceOf(trained.X), y: provenanceOf(trained.y) },
      ...options,
    });
  }

  private get searchResult(): EvolveResult {
    if (!this.result) throw new Error(`${this.constructor.name} is not fitted: await fit(X, y) first`);
    return this.result;
  }

  private operatorSet(): OperatorSet {
    const preprocessors = operatorsOf('preprocessor');
    const estimators = operatorsOf(this.kind);
    const only = this.options.operators;
    if (!only) return { preprocessors, estimators };
    const known = [...preprocessors, ...estimators].map((o) => o.name);
    for (const n of only) if (!known.includes(n)) throw new Error(`${this.constructor.name}: unknown operator '${n}' for a ${this.kind} (known: ${known.join(', ')})`);
    const set = { preprocessors: preprocessors.filter((o) => only.includes(o.name)), estimators: estimators.filter((o) => only.includes(o.name)) };
    if (set.estimators.length === 0) throw new Error(`${this.constructor.name}: operators must include at least one ${this.kind} (of ${operatorsOf(this.kind).map((o) => o.name).join(', ')})`);
    return set;
  }
}

/** TPOTClassifier: searches preprocessing + classifier pipelines, scored by accuracy (or macro f1). */
export class AutoClassifier extends AutoEstimator {
  constructor(options: AutoOptions = {}) {
    super('classifier', options);
  }
}

/** TPOTRegressor: searches preprocessing + regressor pipelines, scored by R² (or negative MSE). */
export class AutoRegressor extends AutoEstimator {
  constructor(options: AutoOptions = {}) {
    super('regressor', options);
  }
}
