/**
 * AutoML on the digits (issue 15): the chapter's TPOT run, and the same search on 2 workers vs 1.
 *
 *   node --import tsx benchmarks/src/automl.ts                 # both parts, defaults below
 *   node --import tsx benchmarks/src/automl.ts --part speedup --generations 2 --population 8 --repeats 3
 *   node --import tsx benchmarks/src/automl.ts --part chapter --generations 5 --population 20 --max-time-mins 10
 *
 * chapter: digits split 50/50 (seed 42), AutoClassifier({ generations, populationSize, cv: 5,
 *   seed: 42, maxTimeMins }) on a 2-worker client; prints the test accuracy and the best pipeline.
 * speedup: the same seeded search (no time limit, so it is deterministic) on 1 and on 2 workers,
 *   alternating, `repeats` times each; the median wall times, their ratio, and whether both found
 *   the same pipelines. `--operators fast` (default for this part) leaves out trees, forests and
 *   logistic regression (up to a minute a candidate on polynomial features; minutes with the mljs
 *   models they replaced), so the comparison is of the scheduling, not of a few long candidates.
 * Writes benchmarks/RESULTS-automl.md with the machine's load.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Client, ml } from 'floe';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const part = flag('part', 'both');
const FAST = ['StandardScaler', 'MinMaxScaler', 'RobustScaler', 'PCA', 'VarianceThreshold', 'SelectKBest', 'PolynomialFeatures', 'KNeighborsClassifier', 'GaussianNB', 'LinearSVC'];
const operatorsFor = (v: string): string[] | undefined => (v === 'all' ? undefined : v === 'fast' ? FAST : v.split(','));

const { data, target } = ml.loadDigits();
const [Xtrain, Xtest, ytrain, ytest] = ml.trainTestSplit(data, target, { testSize: 0.5, seed: 42 });
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(', ');
const lines: string[] = ['# AutoML on the digits (issue 15)', '', `Input: scikit-learn's digits (1797 × 64, shipped in @floe/ml), split 50/50 with seed 42: ${Xtrain.length} train / ${Xtest.length} test rows.`, `Command: \`node --import tsx benchmarks/src/automl.ts ${args.join(' ')}\` on ${new Date().toISOString()}.`, ''];
const log = (s: string): void => {
  console.log(s);
  lines.push(s);
};

async function search(workers: number, options: ml.AutoOptions): Promise<{ seconds: number; est: ml.AutoClassifier }> {
  const client = await Client.start({ workers, current: false });
  try {
    const t0 = performance.now();
    const est = await new ml.AutoClassifier({ ...options, client }).fit(Xtrain, ytrain);
    return { seconds: (performance.now() - t0) / 1000, est };
  } finally {
    await client.close();
  }
}

if (part === 'both' || part === 'chapter') {
  const options: ml.AutoOptions = {
    generations: Number(flag('generations', '5')),
    populationSize: Number(flag('population', '20')),
    cv: 5,
    seed: 42,
    maxTimeMins: Number(flag('max-time-mins', '10')),
    maxEvalTimeMins: Number(flag('max-eval-time-mins', '2')),
    operators: operatorsFor(flag('operators', 'all')),
    verbosity: 2,
  };
  log('## The chapter\'s run (2 workers)');
  log('');
  log(`Settings: ${JSON.stringify(options)}; load before: ${load()}`);
  const { seconds, est } = await search(2, options);
  log('');
  log(`- test accuracy: **${est.score(Xtest, ytest).toFixed(4)}** (target ≥ 0.95)`);
  log(`- best pipeline: \`${est.fittedPipeline}\`, CV accuracy ${est.cvScore.toFixed(4)}`);
  log(`- ${est.evaluatedPipelines.size} pipelines scored in ${seconds.toFixed(1)} s; ${[...est.evaluatedPipelines.values()].filter((i) => i.score === -Infinity).length} failed or timed out; load after: ${load()}`);
  log(`- best CV score per generation: ${est.history.map((h) => h.bestScore.toFixed(4)).join(', ')}`);
  log('');
}

if (part === 'both' || part === 'speedup') {
  const options: ml.AutoOptions = {
    generations: Number(flag('generations', '2')),
    populationSize: Number(flag('population', '8')),
    cv: 5,
    seed: 42,
    operators: operatorsFor(flag('operators', 'fast')),
  };
  const repeats = Number(flag('repeats', '3'));
  log('## 2 workers vs 1 (same seed, no time limit)');
  log('');
  log(`Settings: ${JSON.stringify(options)}, ${repeats} alternating runs each; load before: ${load()}`);
  log('');
  const times: Record<number, number[]> = { 1: [], 2: [] };
  const found: Record<number, string[]> = { 1: [], 2: [] };
  for (let r = 0; r < repeats; r++) {
    for (const w of r % 2 === 0 ? [1, 2] : [2, 1]) {
      const { seconds, est } = await search(w, options);
      times[w].push(seconds);
      found[w].push(`${est.fittedPipeline} | ${[...est.evaluatedPipelines.keys()].join(';')}`);
      log(`- run ${r + 1}, ${w} worker(s): ${seconds.toFixed(1)} s, best \`${est.fittedPipeline}\` (test accuracy ${est.score(Xtest, ytest).toFixed(4)}), load ${load()}`);
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const same = new Set([...found[1], ...found[2]]).size === 1;
  log('');
  log(`- median: 1 worker ${median(times[1]).toFixed(1)} s, 2 workers ${median(times[2]).toFixed(1)} s → **${(median(times[1]) / median(times[2])).toFixed(2)}×** (target ≥ 1.7× on a quiet machine)`);
  log(`- same pipelines scored and same best pipeline in every run: **${same ? 'yes' : 'NO'}**`);
  log('');
}

writeFileSync(new URL('../RESULTS-automl.md', import.meta.url), `${lines.join('\n')}\n`);
