/**
 * The 1797 8×8 handwritten-digit images of scikit-learn's load_digits() (UCI Optical
 * Recognition of Handwritten Digits, CC BY 4.0; see data/README.md), shipped gzipped in this
 * package: `data` is 1797 rows of 64 pixels (0–16), `target` the digits 0–9.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { setProvenance } from './split/provenance.js';

export interface Dataset {
  data: number[][];
  target: number[];
  featureNames: string[];
}

const FILE = new URL('../data/digits.csv.gz', import.meta.url);

export function loadDigits(): Dataset {
  const lines = gunzipSync(readFileSync(FILE)).toString('utf8').trim().split('\n');
  const header = lines[0].split(',');
  const t = header.indexOf('target');
  const data: number[][] = [];
  const target: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const v = lines[i].split(',').map(Number);
    target.push(v[t]);
    data.push(v.filter((_, j) => j !== t));
  }
  setProvenance(data, { kind: 'digits', part: 'data' });
  setProvenance(target, { kind: 'digits', part: 'target' });
  return { data, target, featureNames: header.filter((_, j) => j !== t) };
}
