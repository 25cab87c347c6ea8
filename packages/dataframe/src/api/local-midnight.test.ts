/** A JS Date at local midnight outside UTC is an instant hours into the day: floe says so, once. */
import { afterEach, describe, expect, test } from 'vitest';
import { col, lit } from './expr.js';

const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('a Date literal at local midnight', () => {
  test('in New York, new Date(2011, 0, 1) warns once that it is 05:00 UTC, naming the text to write instead; a UTC midnight does not', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => { if (w.name === 'FloeWarning') warnings.push(w.message); };
    process.on('warning', onWarning);
    try {
      process.env.TZ = 'UTC';
      lit(new Date(2011, 0, 1));
      col('Date').gte(new Date(Date.UTC(2011, 0, 1)));
      process.env.TZ = 'America/New_York';
      col('Date').gte(new Date(Date.UTC(2011, 0, 1, 12)));
      await new Promise((r) => setImmediate(r));
      expect(warnings).toEqual([]);
      col('Date').gte(new Date(2011, 0, 1));
      lit(new Date(2012, 5, 3));
      await new Promise((r) => setImmediate(r));
      expect(warnings).toEqual(["a Date at local midnight (new Date(2011, 0, 1) is 2011-01-01T05:00:00.000Z) is that instant in UTC, where floe reads timestamps without a zone; for the day 2011-01-01 write the text '2011-01-01' or new Date(Date.UTC(2011, 0, 1))"]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
