/**
 * lower() is the single-stage path (one fused task per CSV byte range, then driver steps); the
 * router (needsOperatorGraph) sends everything else to the operator graph. These check its
 * refusals — a plan routed here by mistake fails loudly instead of running a wrong shape — and
 * where it cuts a chain between the tasks and the driver.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { col, concat, corr, readCsv } from '../index.js';
import { optimize } from '../optimizer/optimize.js';
import { lower, splitAggregate } from './lower.js';
import { exprToString } from '../plan/expr-node.js';
import type { AggregateNode } from '../plan/logical-plan.js';
import { schemaOf } from '../plan/resolve.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-lower-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'a.csv');
writeFileSync(file, 'k,v,t\na,1,2015-03-04 10:00:00\nb,2,2016-07-08 11:30:00\n');
const df = () => readCsv(file, { parseDates: ['t'] });

describe('lower', () => {
  test('refuses the shapes that need the operator graph, and sources that are not CSV byte ranges', () => {
    expect(() => lower(optimize(df().join(df(), { on: 'k' }).plan))).toThrow('internal: join needs the operator graph');
    expect(() => lower(optimize(concat([df(), df()]).plan))).toThrow('internal: concat needs the operator graph');
    expect(() => lower(optimize(df().groupBy('k').head(1).plan))).toThrow('internal: groupHead needs the operator graph');
    const gz = join(dir, 'a.csv.gz');
    writeFileSync(gz, gzipSync('k,v\na,1\n'));
    expect(() => lower(optimize(readCsv(gz).plan))).toThrow('internal: the single-stage path reads CSV byte ranges only');
  });

  test('cuts the chain at the first aggregate, sort or limit: tasks below, driver steps above', () => {
    const agg = lower(optimize(df().filter(col('v').gt(0)).groupBy('k').agg(col('v').sum()).sort('k').plan));
    expect(agg.pipeline.stages.map((s) => s.kind)).toEqual(['filter']);
    expect(agg.pipeline.sink.kind).toBe('aggregate');
    expect(agg.post.map((p) => p.kind)).toEqual(['sort']);
    const limited = lower(optimize(df().select('k', 'v').slice(1, 1).plan));
    expect(limited.pipeline.stages.map((s) => s.kind)).toEqual(['project']);
    expect(limited.pipeline.sink).toMatchObject({ kind: 'collect', limit: 2 });
    const plain = lower(optimize(df().filter(col('v').gt(1)).plan));
    expect(plain.pipeline.sink).toMatchObject({ kind: 'collect', limit: null });
    expect(plain.post).toEqual([]);
    // calendar parts the scan reads are not outputs, unless a driver step still reads them
    const parts = lower(optimize(df().groupBy(col('t').dt.year()).agg(col('v').sum()).plan));
    expect(parts.fields.map((f) => f.name)).toEqual(['t', 'v']);
    const sorted = lower(optimize(df().sort(col('t').dt.year()).select('v').plan));
    expect((sorted.pipeline.sink as { fields: { name: string }[] }).fields.map((f) => f.name)).toEqual(['v', 't::year']);
  });

  test('splitAggregate: each distinct aggregate call once, count(*) and size() as row counts, options carried', () => {
    const plan = df().groupBy('k').agg(
      col('v').sum().alias('a'), col('v').sum().add(1).alias('b'), col('*').count().alias('rows'), col('v').size().alias('n'),
      col('v').count().alias('nv'), col('v').std(0).alias('s'), col('v').quantile(0.9).alias('q'), corr(col('v'), col('v')).alias('r'),
    ).plan as AggregateNode;
    const final = splitAggregate(plan, schemaOf(plan.input));
    expect(final.keyFields).toEqual([{ name: 'k', dtype: 'string' }]);
    expect(final.calls).toEqual([
      { fn: 'sum', arg: { kind: 'col', name: 'v' }, input: 'int64', ddof: 1 },
      { fn: 'size', arg: null, input: null, ddof: 0 },
      { fn: 'count', arg: { kind: 'col', name: 'v' }, input: 'int64', ddof: 1 },
      { fn: 'std', arg: { kind: 'col', name: 'v' }, input: 'int64', ddof: 0 },
      { fn: 'quantile', arg: { kind: 'col', name: 'v' }, input: 'int64', ddof: 1, q: 0.9 },
      { fn: 'corr', arg: { kind: 'col', name: 'v' }, input: 'int64', ddof: 1, arg2: { kind: 'col', name: 'v' }, input2: 'int64' },
    ]);
    expect(final.outputs.map(exprToString)).toEqual([
      'col("__agg0").alias("a")', '(col("__agg0") + 1).alias("b")', 'col("__agg1").alias("rows")', 'col("__agg1").alias("n")',
      'col("__agg2").alias("nv")', 'col("__agg3").alias("s")', 'col("__agg4").alias("q")', 'col("__agg5").alias("r")',
    ]);
  });
});
