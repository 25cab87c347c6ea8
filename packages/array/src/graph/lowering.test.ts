import { describe, expect, it } from 'vitest';
import { ones } from '../api/creation.js';
import { normal } from '../api/random.js';
import { lower } from './compute.js';

describe('lowering arrays to task graphs', () => {
  it('fuses creation into the reduction: ones().sum() is partials with a fill expression, a combine tree and a final', () => {
    const x = ones([1000, 1000, 1000], { chunks: [250, 250, 250] });
    const { ctx, outputs } = lower(x.sum().node);
    const tasks = ctx.graph.list();
    const count = (g: string): number => tasks.filter((t) => t.group === g).length;
    expect([count('sum-partial'), count('sum-combine'), count('sum-final')]).toEqual([64, 8, 1]);
    expect(tasks.length).toBe(73);
    const partial = tasks.find((t) => t.group === 'sum-partial')!;
    expect(partial.args[1]).toEqual({ k: 'fill', dtype: 'float64', shape: [250, 250, 250], value: 1 });
    expect(outputs).toHaveLength(1);
  });

  it('adds tasks depth-first, so each combine directly follows its partials', () => {
    const { ctx } = lower(ones([40], { chunks: 1 }).sum().node);
    const groups = ctx.graph.list().map((t) => t.group);
    expect(groups.slice(0, 9)).toEqual([...Array(8).fill('sum-partial'), 'sum-combine']);
  });

  it('fuses a chain of elementwise steps into one expression per block', () => {
    const r = normal([4, 4], { chunks: 2, seed: 1 });
    const { ctx } = lower(r.mul(2).add(1).sqrt().sum({ axis: 0 }).node);
    expect(new Set(ctx.graph.list().map((t) => t.group))).toEqual(new Set(['sum-partial', 'sum-final']));
  });

  it('draws the graph (DOT)', async () => {
    const dot = await ones([4, 4], { chunks: 2 }).sum().visualize({ format: 'dot' });
    expect(dot).toContain('sum-partial');
    expect(dot).toContain('sum-final');
  });
});
