import { describe, expect, it } from 'vitest';
import { Rng } from '../../testing/random-csv.js';
import { digitsCode } from './fast-rows-indexed.js';
import { POW10 } from './parse-number.js';

const enc = new TextEncoder();

/** The generated code of digitsCode, compiled alone: the digits' value, or -1. */
const digits = new Function('DV', 'POW10', 'at', 'count', `let v = -1; ${digitsCode('at', 'count', 'v')} return v;`) as (view: DataView, pow10: Float64Array, at: number, count: number) => number;
const digitsAt = (view: DataView, at: number, count: number): number => digits(view, POW10, at, count);

/** The digits' value as Number() reads them, or -1 when one is not a digit. */
function expected(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : -1;
}

describe('the indexed parser\'s digits, four at a time (digitsCode)', () => {
  it('reads 1 to 8 digits at any offset, whatever bytes follow them (seeded)', () => {
    const r = new Rng(99);
    const after = ['', ',', '.', '\n', '9999999', '--------', '\u00ff\u00ff', 'ab,cd,ef'];
    for (let t = 0; t < 20_000; t++) {
      const n = r.int(1, 8);
      const text = Array.from({ length: n }, () => String(r.int(0, 9))).join('');
      const before = 'x'.repeat(r.int(0, 5));
      const bytes = enc.encode(`${before}${text}${after[r.int(0, after.length - 1)]}........`);
      const view = new DataView(bytes.buffer);
      expect(digitsAt(view, before.length, n)).toBe(Number(text));
    }
  });

  it('gives -1 for any byte that is not a digit, at every place and of every value', () => {
    for (let n = 1; n <= 8; n++) {
      for (let at = 0; at < n; at++) {
        for (let b = 0; b < 256; b++) {
          const bytes = enc.encode('12345678........');
          bytes[at] = b;
          const text = String.fromCharCode(...bytes.subarray(0, n));
          expect(digitsAt(new DataView(bytes.buffer), 0, n)).toBe(expected(text));
        }
      }
    }
  });

  it('reads leading zeros and the largest values', () => {
    const cases = ['0', '00', '0007', '00000000', '9', '99', '9999', '99999', '99999999', '10000000', '01234567'];
    for (const c of cases) {
      const bytes = enc.encode(`${c},,,,,,,,`);
      expect(digitsAt(new DataView(bytes.buffer), 0, c.length)).toBe(Number(c));
    }
  });
});
