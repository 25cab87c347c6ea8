/**
 * floe — out-of-core dataframes and task graphs for Node.js.
 *
 *   import { readCsv, col } from 'floe';
 *   const t = await readCsv('data/*.csv', { parseDates: ['Date'] })
 *     .groupBy(col('Date').dt.year()).sum().compute();
 */
export * from './core.js';
export * from './tasks.js';
/** The apache-arrow floe's results are made of (`toArrow()`, `toBatches()`): `arrow.tableToIPC(t.toArrow())` without a second copy. */
export * as arrow from 'apache-arrow';
/** Lazy chunked n-d arrays: `import { array as da } from 'floe'; da.ones([1000, 1000]).sum().compute()`. */
export * as array from '@floe/array';
export * as bag from '@floe/bag';
export * from './cluster.js';
/** Models, metrics and a TPOT-style AutoML search: `import { ml } from 'floe'; new ml.AutoClassifier({ generations: 5 })`. */
export * as ml from '@floe/ml';
