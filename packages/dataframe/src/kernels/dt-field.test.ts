import { describe, expect, it } from 'vitest';
import { InlineExecutor } from '@floe/scheduler';
import { col, fromColumns } from '../index.js';
import { Rng } from '../testing/random-csv.js';

const MS_PER_DAY = 86_400_000;

/** The calendar fields of a UTC instant, by JavaScript's Date (the oracle). */
function oracle(ms: number): Record<string, number> {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(),
    weekday: (d.getUTCDay() + 6) % 7, date: Math.floor(ms / MS_PER_DAY),
  };
}

describe('.dt fields of timestamps and dates', () => {
  it('equal Date\'s UTC fields: before and after 1970, runs of one day, fractional milliseconds, nulls', async () => {
    const rng = new Rng(20261201);
    const ts: (Date | null)[] = [];
    for (let i = 0; i < 12_000; i++) {
      if (i % 97 === 0) { ts.push(null); continue; }
      // runs of rows on one day (the civil-date cache, the hour/minute/second window), going
      // forward or back, between jumps anywhere from 1700 to 2200; steps of up to 40 s, then of
      // up to 40 ms from row 4096 to 8191 (timeOfDay's blocks: seconds change at nearly every
      // row, then in runs)
      const base = i % 50 === 0 || ts.length === 0 || ts.at(-1) === null ? rng.int(-8_520_000_000, 7_260_000_000) * 1000 : ts.at(-1)!.getTime();
      const step = (Math.floor(i / 100) % 2 === 0 ? 1 : -1) * rng.int(0, i >= 4096 && i < 8192 ? 40 : 40_000);
      ts.push(new Date(base + step + (i % 3 === 0 ? 0.25 : 0)));
    }
    const df = fromColumns({ t: ts });
    const fields = ['year', 'month', 'day', 'hour', 'minute', 'second', 'weekday', 'date'] as const;
    const exec = new InlineExecutor();
    const got = (await df.select(...fields.map((f) => col('t').dt[f]().alias(f))).compute({ executor: exec })).toRows();
    const ofDate = (await df.select(col('t').dt.date().alias('d')).select(...['year', 'month', 'day', 'weekday', 'hour', 'minute', 'second'].map((f) => col('d').dt[f as 'year']().alias(f))).compute({ executor: exec })).toRows();
    ts.forEach((t, i) => {
      const want = t === null ? null : oracle(t.getTime());
      const row = got[i] as Record<string, unknown>;
      for (const f of fields) {
        const w = want === null ? null : f === 'date' ? new Date(want.date * MS_PER_DAY) : want[f];
        expect({ i, f, v: row[f] instanceof Date ? (row[f] as Date).getTime() : row[f] }).toEqual({ i, f, v: w instanceof Date ? w.getTime() : w });
      }
      for (const f of ['year', 'month', 'day', 'weekday']) expect({ i, f, v: (ofDate[i] as Record<string, unknown>)[f] }).toEqual({ i, f, v: want === null ? null : want[f] });
      // a date's time of day is midnight
      for (const f of ['hour', 'minute', 'second']) expect({ i, f, v: (ofDate[i] as Record<string, unknown>)[f] }).toEqual({ i, f, v: want === null ? null : 0 });
    });
  });
});
