import { describe, expect, test } from 'vitest';
import { DriverGc } from './driver-gc.js';

describe('DriverGc', () => {
  test('collects only when the driver holds more than the threshold', () => {
    let held = 10;
    let collections = 0;
    const gc = new DriverGc(100, () => held, () => { collections++; held = 5; });
    expect(gc.check()).toBe(false);
    held = 99;
    expect(gc.check()).toBe(false);
    held = 100;
    expect(gc.check()).toBe(true);
    expect(collections).toBe(1);
    expect(gc.check()).toBe(false);
  });
});
