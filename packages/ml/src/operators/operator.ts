/**
 * What every pipeline step is: a small class with fit and transform (preprocessors) or predict
 * (estimators), built from plain parameters drawn from a declared space. Parameters are plain
 * data so a pipeline travels to a worker as its description, never as an object.
 */
export type ParamValue = number | string | boolean;
export type Params = Record<string, ParamValue>;
/** The values the search may give each parameter. */
export type ParamSpace = Readonly<Record<string, readonly ParamValue[]>>;
export type Kind = 'preprocessor' | 'classifier' | 'regressor';

export interface Step {
  fit(X: number[][], y: number[]): this;
  toString(): string;
}
export interface Transformer extends Step {
  transform(X: number[][]): number[][];
}
export interface Estimator extends Step {
  predict(X: number[][]): number[];
}

/** An operator the search can use: its name, role, space, and how to build one. */
export interface OperatorInfo {
  readonly name: string;
  readonly kind: Kind;
  readonly space: ParamSpace;
  /** The constructor takes a seed as its second argument (it draws random numbers). */
  readonly seeded?: boolean;
  /** `seed` feeds operators that draw random numbers (forests, SGD). */
  create(params: Params, seed: number): Transformer | Estimator;
}

/** `Name(a=1, b='x')`, or just `Name` without parameters. */
export function describe(name: string, params: Params): string {
  if (Object.keys(params).length === 0) return name;
  const inner = Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? `'${v}'` : String(v)}`)
    .join(', ');
  return `${name}(${inner})`;
}

/** Throws when predict/transform is called before fit. */
export function fitted<T>(value: T | null, name: string): T {
  if (value === null) throw new Error(`${name} is not fitted: call fit(X, y) first`);
  return value;
}

/** Parameters with the defaults filled in, checked against the space's types. */
export function withDefaults<P extends Params>(name: string, defaults: P, given: Partial<P> = {}): P {
  for (const [k, v] of Object.entries(given)) {
    if (!(k in defaults)) throw new Error(`${name}: unknown parameter '${k}' (known: ${Object.keys(defaults).join(', ')})`);
    if (v !== undefined && typeof v !== typeof defaults[k]) throw new Error(`${name}: parameter '${k}' must be a ${typeof defaults[k]}, got ${JSON.stringify(v)}`);
  }
  return { ...defaults, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) } as P;
}
