/**
 * @floe/ml — models, metrics, and a TPOT-style pipeline search run as tasks on floe's workers:
 *
 *   import { Client, ml } from 'floe';
 *   const { data, target } = ml.loadDigits();
 *   const [Xtrain, Xtest, ytrain, ytest] = ml.trainTestSplit(data, target, { testSize: 0.5, seed: 42 });
 *   const est = new ml.AutoClassifier({ generations: 5, populationSize: 20, seed: 42 });
 *   await est.fit(Xtrain, ytrain);
 */
export { AutoClassifier, AutoRegressor, AutoEstimator, type AutoOptions } from './auto-estimator.js';
export { loadDigits, type Dataset } from './load-digits.js';
export { accuracy } from './metrics/accuracy.js';
export { f1 } from './metrics/f1.js';
export { r2, meanSquaredError } from './metrics/r2.js';
export { confusionMatrix, type ConfusionMatrix } from './metrics/confusion-matrix.js';
export { trainTestSplit, type TrainTestSplitOptions } from './split/train-test-split.js';
export { kFold, stratifiedKFold, type Fold, type KFoldOptions } from './split/k-fold.js';
export { Pipeline, makePipeline } from './search/pipeline.js';
export type { PipelineSpec, StepSpec } from './search/pipeline-spec.js';
export type { Individual, GenerationReport } from './search/evolve.js';
export type { ExportOptions } from './export-script.js';
export type { OperatorInfo, Params, ParamSpace, Transformer, Estimator } from './operators/operator.js';
export { OPERATORS } from './operators/registry.js';
export { StandardScaler } from './operators/standard-scaler.js';
export { MinMaxScaler } from './operators/min-max-scaler.js';
export { RobustScaler } from './operators/robust-scaler.js';
export { PCA } from './operators/pca.js';
export { VarianceThreshold } from './operators/variance-threshold.js';
export { SelectKBest } from './operators/select-k-best.js';
export { PolynomialFeatures } from './operators/polynomial-features.js';
export { KNeighborsClassifier } from './operators/k-neighbors-classifier.js';
export { KNeighborsRegressor } from './operators/k-neighbors-regressor.js';
export { DecisionTreeClassifier } from './operators/decision-tree.js';
export { RandomForestClassifier } from './operators/random-forest.js';
export { LogisticRegression } from './operators/logistic-regression.js';
export { GaussianNB } from './operators/gaussian-nb.js';
export { LinearSVC } from './operators/linear-svc.js';
export { RidgeRegression } from './operators/ridge.js';
