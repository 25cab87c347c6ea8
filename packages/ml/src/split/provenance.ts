/**
 * Where a data array came from, when floe made it (loadDigits, trainTestSplit): lets export()
 * write a script that loads and splits the data exactly as the user did. Holds weak references
 * only; an array floe did not make has no provenance.
 */
export type Provenance =
  | { kind: 'digits'; part: 'data' | 'target' }
  | { kind: 'split'; part: 'Xtrain' | 'Xtest' | 'ytrain' | 'ytest'; source: Provenance; options: { testSize: number; seed: number; stratify: boolean } };

const known = new WeakMap<object, Provenance>();

export function setProvenance(value: object, p: Provenance): void {
  known.set(value, p);
}

export function provenanceOf(value: object): Provenance | undefined {
  return known.get(value);
}
