import { describe, expect, test } from 'vitest';
import { ThresholdGc } from './threshold-gc.js';

describe('ThresholdGc', () => {
  test('collects only when the thread holds more than the threshold', () => {
    let held = 10;
    let collections = 0;
    const gc = new ThresholdGc(100, () => held, () => { collections++; held = 5; });
    expect(gc.check()).toBe(false);
    held = 99;
    expect(gc.check()).toBe(false);
    held = 100;
    expect(gc.check()).toBe(true);
    expect(collections).toBe(1);
    expect(gc.check()).toBe(false);
  });

  test('with a cap: above the threshold, collects again only once it holds the threshold more than the last collection left, or the cap', () => {
    let held = 0;
    let left = 80;
    let collections = 0;
    const gc = new ThresholdGc(100, () => held, () => { collections++; held = left; }, 1000);
    held = 120;
    expect(gc.check()).toBe(true); // over the threshold for the first time; 80 stay alive
    held = 170;
    expect(gc.check()).toBe(false); // under 80 + 100
    held = 180;
    expect(gc.check()).toBe(true);
    left = 900; // a large live set
    held = 950;
    expect(gc.check()).toBe(true);
    held = 990;
    expect(gc.check()).toBe(false); // under 900 + 100 and under the cap
    held = 1000;
    expect(gc.check()).toBe(true); // the cap
    expect(collections).toBe(4);
    // at the cap, what stays alive is kept on purpose: a collection that left 995 is not run
    // again until it holds a quarter of the threshold more
    left = 995;
    held = 1010;
    expect(gc.check()).toBe(true);
    held = 1019;
    expect(gc.check()).toBe(false);
    held = 1020;
    expect(gc.check()).toBe(true);
    expect(collections).toBe(6);
  });

  test('without a cap it collects whenever it holds the threshold and a quarter of it more than the last collection left', () => {
    let held = 0;
    let collections = 0;
    const gc = new ThresholdGc(100, () => held, () => { collections++; held = 90; });
    held = 100;
    expect(gc.check()).toBe(true);
    held = 110;
    expect(gc.check()).toBe(false); // what it holds is what the last collection left, nearly
    held = 115;
    expect(gc.check()).toBe(true);
    expect(collections).toBe(2);
  });
});
