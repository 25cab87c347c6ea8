import { describe, expect, it } from 'vitest';
import { ByteDictionary } from './byte-dictionary.js';
import { InternBatch } from './intern-batch.js';

const enc = new TextEncoder();

describe('InternBatch', () => {
  it('lands each queued value\'s code at its row, past several queue flushes, in first-seen order', () => {
    // 2500 rows, every third one null (not queued): codes must land at the right rows
    const values = Array.from({ length: 2500 }, (_, i) => (i % 3 === 0 ? null : `v${(i * 7) % 401}`));
    const text = values.map((v) => v ?? '').join(',');
    const buf = enc.encode(text);
    const out = new Int32Array(values.length).fill(-1);
    const dict = new ByteDictionary();
    const batch = new InternBatch();
    batch.begin(dict, buf, out);
    let at = 0;
    values.forEach((v, n) => {
      const len = v === null ? 0 : v.length;
      if (v !== null) batch.add(n, at, at + len, at, n);
      at += len + 1;
    });
    expect(batch.finish()).toBe(true);
    const order: string[] = [];
    values.forEach((v) => { if (v !== null && !order.includes(v)) order.push(v); });
    expect(dict.strings).toEqual(order);
    expect([...out].map((c, n) => (values[n] === null ? c : dict.strings[c]))).toEqual(values.map((v) => v ?? -1));
  });

  it('a value that is not UTF-8 names its row, where the row starts and its index position; later rows get no code', () => {
    const buf = new Uint8Array(3000).fill(0x61);
    buf[1500] = 0xff;
    const out = new Int32Array(1500).fill(-1);
    const batch = new InternBatch();
    batch.begin(new ByteDictionary(), buf, out);
    for (let n = 0; n < 1500; n++) batch.add(n, 2 * n, 2 * n + 1, 2 * n, n + 7);
    expect(batch.finish()).toBe(false);
    expect([batch.failN, batch.failRow, batch.failK]).toEqual([750, 1500, 757]);
    expect(out[749]).toBe(0);
    expect(out[750]).toBe(-1);
    expect(out[1499]).toBe(-1);
    // the next call starts clean
    batch.begin(new ByteDictionary(), buf, out);
    batch.add(0, 0, 1, 0, 0);
    expect(batch.finish()).toBe(true);
    expect(batch.failN).toBe(-1);
  });
});
