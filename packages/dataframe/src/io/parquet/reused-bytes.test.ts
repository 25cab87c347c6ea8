import { describe, expect, test } from 'vitest';
import { ReusedBytes } from './reused-bytes.js';

describe('ReusedBytes', () => {
  test('hands out the same memory again, grown by doubling up to its bound; a larger request gets its own array', () => {
    const r = new ReusedBytes(1000);
    const a = r.take(100);
    a.fill(9);
    const b = r.take(50);
    expect(b.buffer).toBe(a.buffer);
    expect(b.length).toBe(50);
    expect(b[49]).toBe(9);
    const c = r.take(150); // past 100: doubled to 200
    expect(c.buffer).not.toBe(a.buffer);
    expect(c.buffer.byteLength).toBe(200);
    expect(r.take(200).buffer).toBe(c.buffer);
    expect(r.take(300).buffer.byteLength).toBe(400); // doubled
    expect(r.take(900).buffer.byteLength).toBe(900); // more than double: what it asks
    expect(r.take(950).buffer.byteLength).toBe(1000); // doubling stops at the bound
    const big = r.take(2000);
    expect(big.length).toBe(2000);
    expect(r.take(10).buffer.byteLength).toBe(1000); // the big one was not kept
  });
});
