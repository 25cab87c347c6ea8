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
});
