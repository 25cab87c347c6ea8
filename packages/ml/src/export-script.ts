/**
 * Writes the script `AutoEstimator.export()` produces: plain JavaScript (also valid TypeScript)
 * that imports floe, loads and splits the data as the user did (when floe made the arrays) or
 * reads a CSV named on its command line, builds the best pipeline step by step, refits it and
 * prints its test score. Written to a temp file and renamed, so no half-written script is left.
 */
import { rename, writeFile } from 'node:fs/promises';
import { operatorInfo } from './operators/registry.js';
import { hashSeed } from './random.js';
import type { PipelineSpec } from './search/pipeline-spec.js';
import { specText } from './search/pipeline-spec.js';
import type { Scoring } from './search/shared-data.js';
import type { Provenance } from './split/provenance.js';

export interface ExportOptions {
  /** The module the script imports `ml` from (default 'floe'). */
  importFrom?: string;
}

export interface ExportInput extends ExportOptions {
  kind: 'classifier' | 'regressor';
  spec: PipelineSpec;
  seed: number;
  scoring: Scoring;
  cvScore: number;
  provenance: { X?: Provenance; y?: Provenance };
}

export function exportScript(input: ExportInput): string {
  const from = input.importFrom ?? 'floe';
  const steps = input.spec.steps.map((s, i) => {
    const info = operatorInfo(s.op);
    const params = Object.keys(info.space).length === 0 ? '' : JSON.stringify(s.params).replace(/"([A-Za-z_]\w*)":/g, '$1: ').replace(/,/g, ', ').replace(/"/g, "'");
    const seed = info.seeded ? `, ${hashSeed(`${input.seed}:${i}:${s.op}`)}` : '';
    return `  new ml.${s.op}(${params || (seed ? '{}' : '')}${seed}),`;
  });
  const metric = { accuracy: 'accuracy', f1: 'f1', r2: 'r2', negMse: 'meanSquaredError' }[input.scoring];
  const split = splitOf(input.provenance);
  const load = split
    ? [`const { data, target } = ml.loadDigits();`, `const [Xtrain, Xtest, ytrain, ytest] = ml.trainTestSplit(data, target, ${JSON.stringify(split).replace(/"(\w+)":/g, '$1: ').replace(/,/g, ', ')});`]
    : [
        `// usage: node best-pipeline.mjs data.csv  (a header row; numeric columns; the target last)`,
        `import { readFileSync } from 'node:fs';`,
        `const file = process.argv[2];`,
        `if (!file) throw new Error('usage: node <this script> data.csv (numeric columns, the target last)');`,
        `const rows = readFileSync(file, 'utf8').trim().split(/\\r?\\n/).slice(1).map((line) => line.split(',').map(Number));`,
        `const data = rows.map((r) => r.slice(0, -1));`,
        `const target = rows.map((r) => r[r.length - 1]);`,
        `const [Xtrain, Xtest, ytrain, ytest] = ml.trainTestSplit(data, target, { testSize: 0.25, seed: ${input.seed}${input.kind === 'classifier' ? ', stratify: true' : ''} });`,
      ];
  const imports = load.filter((l) => l.startsWith('import '));
  return [
    `// Written by floe's ${input.kind === 'classifier' ? 'AutoClassifier' : 'AutoRegressor'}.export(): refits the best pipeline the search found and prints its test ${input.scoring}.`,
    `// Best pipeline: ${specText(input.spec)}`,
    `// Mean ${input.scoring} over the search's CV folds: ${input.cvScore}`,
    `import { ml } from '${from}';`,
    ...imports,
    '',
    ...load.filter((l) => !l.startsWith('import ')),
    'const pipeline = ml.makePipeline(',
    ...steps,
    ');',
    'pipeline.fit(Xtrain, ytrain);',
    `console.log(ml.${metric}(ytest, pipeline.predict(Xtest)));`,
    '',
  ].join('\n');
}

function splitOf(p: { X?: Provenance; y?: Provenance }): { testSize: number; seed: number; stratify: boolean } | null {
  const { X, y } = p;
  if (X?.kind !== 'split' || y?.kind !== 'split' || X.part !== 'Xtrain' || y.part !== 'ytrain') return null;
  if (X.source.kind !== 'digits' || X.source.part !== 'data' || JSON.stringify(X.options) !== JSON.stringify(y.options)) return null;
  return X.options;
}

export async function writeExportScript(path: string, input: ExportInput): Promise<void> {
  if (typeof path !== 'string' || path === '') throw new Error(`export(path): path must be a file name, e.g. 'best-pipeline.mjs'`);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, exportScript(input));
  await rename(tmp, path);
}
