import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@floe/scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoClassifier, AutoRegressor } from './auto-estimator.js';
import { loadDigits } from './load-digits.js';
import { trainTestSplit } from './split/train-test-split.js';

// small and fast: kNN / naive Bayes with two scalers, one generation of 4
const search = { generations: 1, populationSize: 4, cv: 3, seed: 42, operators: ['StandardScaler', 'MinMaxScaler', 'KNeighborsClassifier', 'GaussianNB'] };

describe('AutoClassifier on the digits, candidates on a 2-worker client', () => {
  let client: Client;
  beforeAll(async () => {
    client = await Client.start({ workers: 2, current: false });
  });
  afterAll(async () => {
    await client.close();
  });

  it('loadDigits ships the 1797 × 64 images and labels 0–9', () => {
    const { data, target } = loadDigits();
    expect(data.length).toBe(1797);
    expect(data[0].length).toBe(64);
    expect(target.filter((t) => t === 0).length).toBe(178);
  });

  it('finds the same pipeline twice for a seed; export() writes a script that reproduces the test score', async () => {
    const { data, target } = loadDigits();
    const [Xtrain, Xtest, ytrain, ytest] = trainTestSplit(data, target, { testSize: 0.5, seed: 42 });
    const a = await new AutoClassifier({ ...search, client }).fit(Xtrain, ytrain);
    const b = await new AutoClassifier({ ...search, client }).fit(Xtrain, ytrain);
    expect(b.fittedPipeline.toString()).toBe(a.fittedPipeline.toString());
    expect([...b.evaluatedPipelines.keys()]).toEqual([...a.evaluatedPipelines.keys()]);
    const score = a.score(Xtest, ytest);
    expect(score).toBeGreaterThan(0.8);
    // rows of another width than the training data's are refused by name (they were predicted)
    expect(() => a.predict([Xtest[0].slice(0, 10)])).toThrow('AutoClassifier.predict: row 0 has 10 features, but the pipeline was fitted on 64');

    const dir = mkdtempSync(join(tmpdir(), 'floe-ml-export-'));
    const file = join(dir, 'best-pipeline.mjs');
    const floe = pathToFileURL(join(import.meta.dirname, '../../floe/dist/index.js')).href;
    await a.export(file, { importFrom: floe });
    expect(readFileSync(file, 'utf8')).toContain(`// Best pipeline: ${a.fittedPipeline}`);
    const run = spawnSync(process.execPath, [file], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(Number(run.stdout.trim())).toBe(score);
  });

  it('bad input and options are named', async () => {
    expect(() => new AutoClassifier({ cv: 1 })).toThrow('cv must be an integer ≥ 2');
    await expect(new AutoClassifier({ operators: ['StandardScaler'], client }).fit([[1], [2], [3], [4], [5]], [0, 1, 0, 1, 0])).rejects.toThrow('at least one classifier');
    await expect(new AutoClassifier({ client }).fit([[1, 2], [3]], [0, 1])).rejects.toThrow('row 1 of X has 1 values, expected 2');
    await expect(new AutoClassifier({ client }).fit([[1], [2], [3], [4], [5]], [7, 7, 7, 7, 7])).rejects.toThrow('AutoClassifier.fit: y holds one class (7); a classifier needs at least two');
    // a continuous target searched anyway and reported a CV score of 0 (sklearn: "Unknown label type: 'continuous'")
    await expect(new AutoClassifier({ client }).fit([[1], [2], [3], [4], [5]], [0, 1.5, 0, 1, 0])).rejects.toThrow('AutoClassifier.fit: y[1] is 1.5, not a class label (classes are whole numbers); for a continuous target use AutoRegressor');
  });
});

describe('AutoRegressor', () => {
  it('fits y = 3x − 1 with R² near 1, on the current client or the shared pool', async () => {
    const X = Array.from({ length: 40 }, (_, i) => [i / 4, (i * 7) % 5]);
    const y = X.map((r) => 3 * r[0] - 1);
    const est = await new AutoRegressor({ generations: 1, populationSize: 4, cv: 3, seed: 1 }).fit(X, y);
    expect(est.score(X, y)).toBeGreaterThan(0.95);
  });
});
