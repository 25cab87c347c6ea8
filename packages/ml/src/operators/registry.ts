/**
 * Every operator the search may put in a pipeline, by name (TPOT's "config dictionary").
 * No tree regressors yet: the trees (cart.ts) split on class impurity only.
 */
import { DecisionTreeClassifier } from './decision-tree.js';
import { GaussianNB } from './gaussian-nb.js';
import { KNeighborsClassifier } from './k-neighbors-classifier.js';
import { KNeighborsRegressor } from './k-neighbors-regressor.js';
import { LinearSVC } from './linear-svc.js';
import { LogisticRegression } from './logistic-regression.js';
import { MinMaxScaler } from './min-max-scaler.js';
import type { Kind, OperatorInfo } from './operator.js';
import { PCA } from './pca.js';
import { PolynomialFeatures } from './polynomial-features.js';
import { RandomForestClassifier } from './random-forest.js';
import { RidgeRegression } from './ridge.js';
import { RobustScaler } from './robust-scaler.js';
import { SelectKBest } from './select-k-best.js';
import { StandardScaler } from './standard-scaler.js';
import { VarianceThreshold } from './variance-threshold.js';

export const OPERATORS: readonly OperatorInfo[] = [
  StandardScaler.info,
  MinMaxScaler.info,
  RobustScaler.info,
  PCA.info,
  VarianceThreshold.info,
  SelectKBest.info,
  PolynomialFeatures.info,
  KNeighborsClassifier.info,
  DecisionTreeClassifier.info,
  RandomForestClassifier.info,
  LogisticRegression.info,
  GaussianNB.info,
  LinearSVC.info,
  KNeighborsRegressor.info,
  RidgeRegression.info,
];

const byName = new Map(OPERATORS.map((o) => [o.name, o]));

export function operatorInfo(name: string): OperatorInfo {
  const info = byName.get(name);
  if (!info) throw new Error(`unknown operator '${name}' (known: ${[...byName.keys()].join(', ')})`);
  return info;
}

export function operatorsOf(kind: Kind): OperatorInfo[] {
  return OPERATORS.filter((o) => o.kind === kind);
}
