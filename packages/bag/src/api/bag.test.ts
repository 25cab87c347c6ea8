import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { col } from '@floe/dataframe';
import { InlineExecutor } from '@floe/scheduler';
import { afterAll, describe, expect, test } from 'vitest';
import { fromSequence } from './from-sequence.js';
import { readNdjson, readText } from './read-text.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-bag-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const executor = new InlineExecutor();
const run = { executor };

interface Event {
  user: string;
  status: number;
  path: string;
  bytes: number;
}

/** A fixed pseudo-random sequence (mulberry32), so inputs are the same on every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeEvents(n: number, seed: number): Event[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => ({
    user: `u${Math.floor(r() * 9)}`,
    status: [200, 200, 200, 404, 500, 503][Math.floor(r() * 6)],
    path: `/p/${Math.floor(r() * 17)}`,
    bytes: Math.floor(r() * 10_000),
  }));
}

/** Sorted copy, for comparing results whose order is the hash partitioning's. */
const sorted = <T>(xs: T[]): T[] => [...xs].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));

function countBy<T>(xs: T[], key: (x: T) => unknown): [unknown, number][] {
  const m = new Map<unknown, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return [...m];
}

// events split over a plain file (cut into byte ranges) and a gzip file (one partition)
const events = makeEvents(2000, 7);
writeFileSync(join(dir, 'a.jsonl'), `${events.slice(0, 1500).map((e) => JSON.stringify(e)).join('\n')}\n`);
writeFileSync(join(dir, 'b.jsonl.gz'), gzipSync(`${events.slice(1500).map((e) => JSON.stringify(e)).join('\n')}\n\n`));
const bag = readNdjson<Event>(join(dir, '*.jsonl*'), { blocksize: 4096 });

describe('sequences and reductions', () => {
  const xs = Array.from({ length: 1003 }, (_, i) => i - 500);
  const b = fromSequence(xs, { npartitions: 8 });

  test('partitions are contiguous and keep the order', async () => {
    expect(b.npartitions).toBe(8);
    expect(await b.compute(run)).toEqual(xs);
    expect(fromSequence([1, 2, 3, 4, 5]).npartitions).toBe(1);
    expect(fromSequence([1, 2, 3, 4, 5], { partitionSize: 2 }).npartitions).toBe(3);
  });

  test('map, filter, flatten and pluck fuse into one pass and agree with arrays', async () => {
    const got = await b.map((n) => [n, n * 2]).flatten().filter((n) => n % 3 === 0).compute(run);
    expect(got).toEqual(xs.flatMap((n) => [n, n * 2]).filter((n) => n % 3 === 0));
    expect(await fromSequence([{ a: 1 }, { a: 2 }, {}]).pluck('a').compute(run)).toEqual([1, 2, undefined]);
  });

  test('pluck with a list of keys gives an array of their values (Dask\'s tuple)', async () => {
    const recs = [{ a: 1, b: 'x', c: true }, { a: 2 }, null] as { a: number; b?: string; c?: boolean }[]; // null plucks to undefined at each key
    expect(await fromSequence(recs, { npartitions: 2 }).pluck(['a', 'b']).compute(run)).toEqual([[1, 'x'], [2, undefined], [undefined, undefined]]);
    expect(await fromSequence([[5, 6, 7]]).pluck([2, 0]).compute(run)).toEqual([[7, 5]]);
    expect(() => fromSequence([{ a: 1 }]).pluck([] as never)).toThrow('pluck() takes a property name or index, or a non-empty list of them, got an empty list');
    expect(() => fromSequence([{ a: 1 }]).pluck([null] as never)).toThrow('got a list holding null');
  });

  test('count, sum, min, max, mean, var and std', async () => {
    const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
    const v = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
    expect(await b.count().compute(run)).toBe(xs.length);
    expect(await b.sum().compute(run)).toBe(xs.reduce((a, x) => a + x, 0));
    expect(await b.min().compute(run)).toBe(-500);
    expect(await b.max().compute(run)).toBe(502);
    expect(await b.mean().compute(run)).toBeCloseTo(mean, 12);
    expect(await b.var().compute(run)).toBeCloseTo(v, 9);
    expect(await b.std(1).compute(run)).toBeCloseTo(Math.sqrt((v * xs.length) / (xs.length - 1)), 9);
  });

  test('integer sums stay exact past 2^53 (one rounding, at the end)', async () => {
    const squares = fromSequence(Array.from({ length: 1_000_000 }, (_, i) => i), { npartitions: 8 }).map((n) => n * n);
    expect(await squares.sum().compute(run)).toBe(Number(333332833333500000n));
    expect(await fromSequence([2n ** 60n, 1n]).sum().compute(run)).toBe(2n ** 60n + 1n);
    await expect(fromSequence(['a']).sum().compute(run)).rejects.toThrow('sum(): an element is not a number (string "a")');
  });

  test('fold with and without an initial value; topk and bottomk', async () => {
    expect(await b.fold((acc: number, x) => acc + x, { initial: 0 }).compute(run)).toBe(xs.reduce((a, x) => a + x, 0));
    expect(await b.fold((acc, x) => Math.max(acc, x)).compute(run)).toBe(502);
    // Dask's positional form: fold(binop, combine, initial) (it was ignored: "[object Object]1111…")
    expect(await b.fold((acc: number) => acc + 1, (p: number, q: number) => p + q, 0).compute(run)).toBe(xs.length);
    expect(await b.fold((acc: number, x) => acc + x, undefined, 0).compute(run)).toBe(xs.reduce((a, x) => a + x, 0));
    expect(await b.topk(3).compute(run)).toEqual([502, 501, 500]);
    expect(await b.topk(2, (x) => -Math.abs(x)).compute(run)).toEqual([0, -1]);
    expect(await b.bottomk(2).compute(run)).toEqual([-500, -499]);
  });

  test('mean, var and std refuse what sum refuses (null, numeric text) instead of reading it as a number', async () => {
    await expect(fromSequence([1, null, 3]).mean().compute(run)).rejects.toThrow('mean(): an element is not a number (null)');
    await expect(fromSequence(['1', '2', '10'], { npartitions: 2 }).mean().compute(run)).rejects.toThrow('mean(): an element is not a number (string "1")');
    await expect(fromSequence(['1', '2', '10']).sum().compute(run)).rejects.toThrow('sum(): an element is not a number (string "1")');
    await expect(fromSequence([1, true]).var().compute(run)).rejects.toThrow('var(): an element is not a number (boolean true)');
    await expect(fromSequence([{ a: 1 }]).std().compute(run)).rejects.toThrow('std(): an element is not a number (object { a: 1 })');
    await expect(fromSequence([1, 2n]).mean().compute(run)).rejects.toThrow('mean(): the bag mixes numbers and bigints');
  });

  test('the mean of bigints is their exact sum over the count, as a number', async () => {
    expect(await fromSequence([1n, 2n, 4n], { npartitions: 2 }).mean().compute(run)).toBeCloseTo(7 / 3, 15);
    expect(await fromSequence([2n ** 60n + 1n, 2n ** 60n + 3n]).mean().compute(run)).toBe(Number(2n ** 60n + 2n));
    expect(await fromSequence([1n, 3n]).var().compute(run)).toBe(1);
  });

  test('max, min, topk and bottomk compare arrays element by element, as Python compares tuples', async () => {
    expect(await fromSequence([[1, 10], [1, 9]]).max().compute(run)).toEqual([1, 10]);
    expect(await fromSequence([[1, 10], [1, 9]], { npartitions: 2 }).min().compute(run)).toEqual([1, 9]);
    expect(await fromSequence([[2], [10], [9]], { npartitions: 2 }).topk(1).compute(run)).toEqual([[10]]);
    expect(await fromSequence([[2], [10], [9], [2, 0]]).bottomk(2).compute(run)).toEqual([[2], [2, 0]]);
    const recs = [{ a: 1, b: 10 }, { a: 1, b: 9 }, { a: 0, b: 100 }];
    expect(await fromSequence(recs).topk(1, (x) => [x.a, x.b]).compute(run)).toEqual([{ a: 1, b: 10 }]);
    expect(await fromSequence([new Date(5), new Date(20), new Date(10)]).max().compute(run)).toEqual(new Date(20));
    expect(await fromSequence([3n, 10, 2 ** 60, 2n ** 60n + 1n]).max().compute(run)).toBe(2n ** 60n + 1n);
    expect(await fromSequence(['b', 'a', 'c']).topk(2).compute(run)).toEqual(['c', 'b']);
  });

  test('values of kinds that do not compare are a TypeError, as in Python', async () => {
    await expect(fromSequence([1, 'a']).max().compute(run)).rejects.toThrow("max(): cannot compare string 'a' with number 1");
    await expect(fromSequence([[1, 'a'], [1, 2]]).topk(1).compute(run)).rejects.toThrow("topk(): cannot compare number 2 with string 'a'");
    await expect(fromSequence([null, 1], { npartitions: 2 }).min().compute(run)).rejects.toThrow('min(): cannot compare number 1 with null');
  });

  test('NaN never beats a number: topk and bottomk put it last, max and min pass over it', async () => {
    const b = fromSequence([1, Number.NaN, 3, 2]);
    expect(await b.topk(2).compute(run)).toEqual([3, 2]);
    expect(await b.bottomk(2).compute(run)).toEqual([1, 2]);
    expect(await b.topk(4).compute(run)).toEqual([3, 2, 1, Number.NaN]);
    expect(await b.bottomk(4).compute(run)).toEqual([1, 2, 3, Number.NaN]);
    expect(await b.max().compute(run)).toBe(3);
    expect(await fromSequence([Number.NaN, 1], { npartitions: 2 }).min().compute(run)).toBe(1);
    expect(await fromSequence([Number.NaN]).max().compute(run)).toBeNaN();
    expect(await fromSequence([[1, Number.NaN], [1, 2], [0, 5]]).topk(3).compute(run)).toEqual([[1, 2], [1, Number.NaN], [0, 5]]);
  });

  test('empty bags and empty partitions', async () => {
    const empty = fromSequence<number>([]);
    expect(await empty.compute(run)).toEqual([]);
    expect(await empty.count().compute(run)).toBe(0);
    expect(await empty.sum().compute(run)).toBe(0);
    expect(await empty.mean().compute(run)).toBeNaN();
    expect(await empty.frequencies().compute(run)).toEqual([]);
    expect(await empty.fold((a: number, x) => a + x, { initial: 5 }).compute(run)).toBe(5);
    await expect(empty.max().compute(run)).rejects.toThrow('max() of an empty bag');
    await expect(empty.fold((a, x) => a + x).compute(run)).rejects.toThrow('fold() of an empty bag with no initial value');
    // most partitions filtered empty
    const few = b.filter((n) => n > 498);
    expect(await few.compute(run)).toEqual([499, 500, 501, 502]);
    expect(await few.min().compute(run)).toBe(499);
    expect(await few.take(10, run)).toEqual([499, 500, 501, 502]);
  });

  test('take reads partitions in order and stops at n', async () => {
    expect(await b.take(3, run)).toEqual([-500, -499, -498]);
    expect(await b.take(300, run)).toEqual(xs.slice(0, 300));
    expect(await b.take(0, run)).toEqual([]);
  });
});

describe('text and JSON lines', () => {
  test('byte ranges and a gzip file read every record once', async () => {
    expect(bag.npartitions).toBeGreaterThan(3);
    expect(await bag.compute(run)).toEqual(events);
    expect(await bag.count().compute(run)).toBe(events.length);
  });

  test('readText gives lines without their newlines', async () => {
    const path = join(dir, 'plain.txt');
    writeFileSync(path, 'alpha\r\nbeta\n\ngamma');
    expect(await readText(path, { blocksize: 3 }).compute(run)).toEqual(['alpha', 'beta', '', 'gamma']);
  });

  test('a missing file fails at the call that creates the bag', () => {
    expect(() => readText(join(dir, 'nope.txt'))).toThrow(`readText: no such file or directory: ${join(dir, 'nope.txt')}`);
    expect(() => readNdjson(join(dir, '*.nothing'))).toThrow('readNdjson: the pattern');
  });

  test('a malformed line is an error naming file and line, in byte ranges and in gzip', async () => {
    const lines = ['{"a":1}', '{"a":2}', '{"a":3', '{"a":4}'];
    const plain = join(dir, 'bad.jsonl');
    writeFileSync(plain, `${lines.join('\n')}\n`);
    await expect(readNdjson(plain, { blocksize: 10 }).compute(run)).rejects.toThrow(`${plain}:3: malformed JSON line`);
    const gz = join(dir, 'bad.jsonl.gz');
    writeFileSync(gz, gzipSync(`\n${lines.join('\n')}\n`));
    await expect(readNdjson(gz).compute(run)).rejects.toThrow(`${gz}:4: malformed JSON line`);
  });

  test("onBadLines 'skip' drops malformed lines; 'warn' also says which, once", async () => {
    const path = join(dir, 'some-bad.jsonl');
    writeFileSync(path, '{"a":1}\nnot json\n{"a":2}\n   \n{"a":\n');
    expect(await readNdjson(path, { onBadLines: 'skip' }).compute(run)).toEqual([{ a: 1 }, { a: 2 }]);
    const warnings: string[] = [];
    const listen = (w: Error): void => void warnings.push(w.message);
    process.on('warning', listen);
    try {
      expect(await readNdjson(path, { onBadLines: 'warn', blocksize: 8 }).pluck('a').compute(run)).toEqual([1, 2]);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', listen);
    }
    expect(warnings).toEqual([`skipped 2 malformed JSON lines (onBadLines: 'warn'): ${path}:2: not json; ${path}:5: {"a":`]);
  });

  test('toTextFiles writes one file per partition that reads back the same', async () => {
    const out = join(dir, 'out');
    const paths = await bag.map((e) => JSON.stringify(e)).toTextFiles(join(out, '*.jsonl'), run);
    const width = String(bag.npartitions - 1).length;
    expect(width).toBe(2);
    expect(paths).toEqual(Array.from({ length: bag.npartitions }, (_, i) => join(out, `${String(i).padStart(2, '0')}.jsonl`)));
    expect(readdirSync(out).sort()).toEqual(paths.map((p) => p.slice(out.length + 1)).sort());
    expect(await readNdjson(join(out, '*.jsonl')).compute(run)).toEqual(events);
    await expect(fromSequence([1]).toTextFiles(join(dir, 'nums', '*.txt'), run)).rejects.toThrow('toTextFiles(): elements must be strings, got number');
    expect(readdirSync(join(dir, 'nums'))).toEqual([]);
  });
});

describe('keyed aggregations', () => {
  test('frequencies and topk: the issue example', async () => {
    const got = await bag.filter((e) => e.status >= 500).pluck('path').frequencies().compute(run);
    expect(sorted(got)).toEqual(sorted(countBy(events.filter((e) => e.status >= 500), (e) => e.path)));
    const top = await bag.pluck('path').frequencies().topk(3, ([, n]) => n).compute(run);
    const expected = countBy(events, (e) => e.path).sort((a, b) => b[1] - a[1]);
    expect(top.map(([, n]) => n)).toEqual(expected.slice(0, 3).map(([, n]) => n));
  });

  test('foldby, groupBy and distinct agree with in-memory grouping', async () => {
    const byUser = new Map<string, number>();
    for (const e of events) byUser.set(e.user, (byUser.get(e.user) ?? 0) + e.bytes);
    const folded = await bag.foldby((e) => e.user, (acc: number, e) => acc + e.bytes, 0, (a, b) => a + b).compute(run);
    expect(sorted(folded)).toEqual(sorted([...byUser]));
    const groups = await bag.groupBy((e) => e.user, { npartitions: 3 }).compute(run);
    expect(groups.length).toBe(byUser.size);
    for (const [user, es] of groups) expect(es).toEqual(events.filter((e) => e.user === user));
    expect(sorted(await bag.pluck('status').distinct().compute(run))).toEqual(sorted([...new Set(events.map((e) => e.status))]));
  });

  test('distinct compares arrays and plain objects by content', async () => {
    const got = await fromSequence([{ a: 1, b: 2 }, { b: 2, a: 1 }, [1, 2], [1, 2], 1, '1', null], { npartitions: 3 }).distinct().compute(run);
    expect(sorted(got)).toEqual(sorted([{ a: 1, b: 2 }, [1, 2], 1, '1', null]));
  });

  test('keys that differ stay apart: NaN, null and Infinity; Maps and Sets by content; a Date and its text', async () => {
    expect(await fromSequence([[Number.NaN], [null], [Number.POSITIVE_INFINITY], [Number.NEGATIVE_INFINITY], [Number.NaN]], { npartitions: 2 }).distinct({ npartitions: 1 }).compute(run)).toEqual([
      [Number.NaN], [null], [Number.POSITIVE_INFINITY], [Number.NEGATIVE_INFINITY],
    ]);
    const maps = await fromSequence([new Map([['a', 1]]), new Map([['b', 2]]), new Map([['a', 1]])]).distinct().compute(run);
    expect(maps.map((m) => [...m])).toEqual([[['a', 1]], [['b', 2]]]);
    const sets = await fromSequence([new Set([1, 2]), new Set([3]), new Set([2, 1])]).frequencies().compute(run);
    expect(sets.map(([s, n]) => [[...s], n])).toEqual([[[1, 2], 2], [[3], 1]]);
    expect(await fromSequence([[new Date(0)], ['1970-01-01T00:00:00.000Z']]).distinct().compute(run)).toEqual([[new Date(0)], ['1970-01-01T00:00:00.000Z']]);
    const groups = await fromSequence([{ x: 1, y: null }, { x: 1, y: Number.NaN }, { x: 1, y: null }]).groupBy((r) => [r.x, r.y]).compute(run);
    expect(groups.map(([k, rs]) => [k, rs.length])).toEqual([[[1, null], 2], [[1, Number.NaN], 1]]);
    // 0 and -0 are one key, as in Python
    expect(await fromSequence([[0], [-0]]).distinct().count().compute(run)).toBe(1);
  });

  test('many keys with a tiny memory budget spill to disk and give the same answers', async () => {
    const r = rng(11);
    const words = Array.from({ length: 30_000 }, () => `w${Math.floor(r() * 8000)}`);
    const b = fromSequence(words, { npartitions: 6 });
    const tiny = { ...run, memoryLimit: '16KB' };
    expect(sorted(await b.frequencies({ npartitions: 5 }).compute(tiny))).toEqual(sorted(countBy(words, (w) => w)));
    expect(sorted(await b.distinct().compute(tiny))).toEqual(sorted([...new Set(words)]));
    const groups = await b.groupBy((w) => w.length).compute(tiny);
    for (const [len, ws] of groups) expect(ws).toEqual(words.filter((w) => w.length === len));
    expect(await b.frequencies().count().compute(tiny)).toBe(new Set(words).size);
  });
});

describe('toDataFrame', () => {
  test('records become a DataFrame: the issue example agrees with counting in memory', async () => {
    const df = await bag.toDataFrame(run);
    const t = await df.groupBy('status').agg(col('*').count()).compute(run);
    expect(t.toRows()).toEqual(sorted(countBy(events, (e) => e.status)).map(([status, n]) => ({ status, count: n })));
  });

  test('strings stay strings (NA, leading zeros, quotes, empty); missing values are null', async () => {
    const recs = [{ zip: '00123', name: 'NA', n: 1, ok: true }, { zip: '9', name: 'a,"b"\nc', n: 2.5, ok: false }, { zip: null, name: '', n: null }];
    const t = await (await fromSequence(recs, { npartitions: 2 }).toDataFrame(run)).compute(run);
    expect(t.toRows()).toEqual([recs[0], recs[1], { zip: null, name: '', n: null, ok: null }]);
  });

  test('records of one column keep their nulls (an empty field was a blank line, which the reader skipped: 1 row of 2)', async () => {
    const cases: Record<string, unknown>[][] = [[{ s: 'a' }, { s: null }, { s: 'NA' }], [{ v: 1 }, { v: null }, { v: 3 }]];
    for (const recs of cases) {
      const t = await (await fromSequence(recs, { npartitions: 2 }).toDataFrame(run)).compute(run);
      expect(t.toRows()).toEqual(recs);
    }
  });

  test('Ctrl-C removes the temp folder (named with the pid), and the process still dies of the signal', async () => {
    const spillDir = mkdtempSync(join(dir, 'sigint-'));
    const child = spawn(process.execPath, ['--conditions=floe-source', '--import', 'tsx', fileURLToPath(new URL('../testing/to-dataframe-then-wait.ts', import.meta.url))], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, FLOE_SPILL_DIR: spillDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, sig) => res(sig)));
    await new Promise<void>((res) => child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && res()));
    expect(readdirSync(spillDir)).toEqual([expect.stringMatching(new RegExp(`^floe-bag-frame-${child.pid}-`))]);
    child.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    expect(readdirSync(spillDir)).toEqual([]);
  }, 60_000);

  test('a key outside the columns, or an empty bag, is a clear error', async () => {
    await expect(fromSequence([{ a: 1 }, { a: 2, b: 3 }]).toDataFrame(run)).rejects.toThrow('toDataFrame(): a record has the key "b", which is not among the columns ("a"): pass { columns } naming every key');
    await expect(fromSequence([]).toDataFrame(run)).rejects.toThrow('toDataFrame() of an empty bag');
  });
});

describe('where functions run', () => {
  test('a function that captures variables runs on the calling thread and gives the right answer', async () => {
    const factor = 3;
    expect(await fromSequence([1, 2, 3], { npartitions: 2 }).map((n) => n * factor).sum().compute(run)).toBe(18);
  });

  test('an error in a function names the step, the partition and the element, and keeps the original as its cause', async () => {
    const err = await fromSequence([{ a: 1 }, { a: null }], { npartitions: 2 }).map((r) => (r.a as unknown as number).toFixed(1)).compute(run).catch((e: Error) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toBe("map(): the function 'fn' failed on partition 1, element { a: null }: TypeError: Cannot read properties of null (reading 'toFixed')");
    expect(((err as Error).cause as Error).message).toBe("Cannot read properties of null (reading 'toFixed')");
    const oops = (x: number): boolean => {
      if (x === 3) throw new RangeError('three');
      return true;
    };
    await expect(fromSequence([1, 2, 3], { npartitions: 3 }).filter(oops).compute(run)).rejects.toThrow("filter(): the function 'oops' failed on partition 2, element 3: RangeError: three");
    await expect(fromSequence([1, 2, 3]).groupBy(oops).compute(run)).rejects.toThrow("groupBy(): the function 'oops' failed on partition 0, element 3: RangeError: three");
    await expect(fromSequence([1, 2, 3]).fold((acc: number, x) => acc + Number(oops(x))).compute(run)).rejects.toThrow("fold(): the function 'fn' failed on partition 0, element 3: RangeError: three");
    await expect(fromSequence([1, 2, 3]).topk(1, oops).compute(run)).rejects.toThrow("topk(): the function 'oops' failed on partition 0, element 3");
  });

  test('an async element function is a clear error, not a bag of Promises', async () => {
    await expect(fromSequence([1]).map(async (n) => n).compute(run)).rejects.toThrow("map(): the function 'fn' returned a Promise");
  });

  test('a non-function is refused when the bag is built', () => {
    expect(() => fromSequence([1]).map(3 as never)).toThrow('map() expects a function, got number');
  });
});
