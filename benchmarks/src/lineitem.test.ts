import { describe, expect, it } from 'vitest';
import { answerDiff } from './lineitem.js';

const row = (flag: string, values: number[]) => ({ flag, status: 'F', values });
const base = [1000, 1234.5, 1100.25, 1150.125, 25.5, 36946.1, 0.05, 40];

describe('lineitem answers compared across engines', () => {
  it('agree when only float sums differ in the last bits', () => {
    const other = base.map((v, j) => (j === 0 || j === 7 ? v : v * (1 + 1e-13)));
    expect(answerDiff([row('A', base)], [row('A', other)])).toEqual([]);
  });

  it('name a count or an integer sum that differs by one, a float beyond 1e-9, and a missing or renamed group', () => {
    const count = [...base.slice(0, 7), 41];
    expect(answerDiff([row('A', base)], [row('A', count)])).toEqual(['AF count_order: 40 vs 41']);
    const qty = [1001, ...base.slice(1)];
    expect(answerDiff([row('A', base)], [row('A', qty)])).toEqual(['AF sum_qty: 1000 vs 1001']);
    const price = [base[0], base[1] * (1 + 1e-6), ...base.slice(2)];
    expect(answerDiff([row('A', base)], [row('A', price)])).toHaveLength(1);
    expect(answerDiff([row('A', base)], [])).toEqual(['1 vs 0 groups']);
    expect(answerDiff([row('A', base)], [row('N', base)])).toEqual(['group 0: AF vs NF']);
  });
});
