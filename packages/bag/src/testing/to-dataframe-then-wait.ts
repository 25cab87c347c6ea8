/**
 * A child process for the Ctrl-C test: makes a DataFrame from a bag (its temp folder written),
 * says 'ready' on stdout, and waits to be killed. Run by bag.test.ts under tsx.
 */
import { InlineExecutor } from '@floe/scheduler';
import { fromSequence } from '../api/from-sequence.js';

await fromSequence([{ a: 1 }, { a: 2 }], { npartitions: 2 }).toDataFrame({ executor: new InlineExecutor() });
process.stdout.write('ready\n');
setInterval(() => {}, 1000);
