/**
 * gen-lineitem.ts — an order-lines file with TPC-H lineitem's 16 column shapes, seeded and
 * deterministic: integer keys, a quantity 1..50, money with two decimals (`l_extendedprice`),
 * discount and tax 0.00..0.10, one-letter flags (`l_returnflag` R/A/N, `l_linestatus` O/F),
 * three ISO dates 1992..1998, two short categorical texts and a free-text comment of 2–6 words.
 * Not TPC-H's dbgen (no exact distributions): the shapes the CSV scan sees, for issue 11's
 * "filter + multi-key groupBy + sums of expressions" comparison. Written to a temp name and
 * renamed on success.
 *
 * CLI:  node --import tsx src/data/gen-lineitem.ts --out FILE [--rows 6000000] [--seed 42]
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { Sfc32, writeRows } from '../../../scripts/gen-seed.js';

export const LINEITEM_HEADER = 'l_orderkey,l_partkey,l_suppkey,l_linenumber,l_quantity,l_extendedprice,l_discount,l_tax,'
  + 'l_returnflag,l_linestatus,l_shipdate,l_commitdate,l_receiptdate,l_shipinstruct,l_shipmode,l_comment';
const WORDS = ['furiously', 'quickly', 'carefully', 'blithely', 'slyly', 'ironic', 'final', 'pending', 'regular', 'express',
  'special', 'deposits', 'requests', 'packages', 'accounts', 'theodolites', 'pinto', 'beans', 'foxes', 'ideas'];
const INSTRUCT = ['DELIVER IN PERSON', 'COLLECT COD', 'NONE', 'TAKE BACK RETURN'];
const MODES = ['REG AIR', 'AIR', 'RAIL', 'SHIP', 'TRUCK', 'MAIL', 'FOB'];
const DAY0 = Date.UTC(1992, 0, 1) / 86_400_000;
/** Dates after this day are still open ('O'), returns are flagged only before it. */
const CUTOFF = DAY0 + 1260;
const DATES = Array.from({ length: 2600 }, (_, i) => new Date((DAY0 - 30 + i) * 86_400_000).toISOString().slice(0, 10));
const date = (day: number): string => DATES[day - DAY0 + 30];
const cents = (c: number): string => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;

/** Write `rows` rows to `path` from `seed`. Returns bytes written. */
export function generateLineitem(path: string, rows: number, seed = 42): number {
  const rng = new Sfc32(seed, 0);
  return writeRows(path, LINEITEM_HEADER, rows, (r) => {
    const quantity = 1 + (rng.next() % 50);
    const price = quantity * (90_000 + (rng.next() % 110_000));
    const ship = DAY0 + (rng.next() % 2500);
    const commit = ship + (rng.next() % 61) - 30;
    const receipt = ship + 1 + (rng.next() % 30);
    const returnFlag = receipt < CUTOFF ? (rng.next() % 2 === 0 ? 'R' : 'A') : 'N';
    let comment = WORDS[rng.next() % WORDS.length];
    for (let k = 1 + (rng.next() % 5); k > 0; k--) comment += ` ${WORDS[rng.next() % WORDS.length]}`;
    return `${1 + (r >> 2)},${1 + (rng.next() % 200_000)},${1 + (rng.next() % 10_000)},${1 + (r & 3)},${quantity},${cents(price)},`
      + `${cents(rng.next() % 11)},${cents(rng.next() % 9)},${returnFlag},${ship > CUTOFF ? 'O' : 'F'},${date(ship)},${date(commit)},${date(receipt)},`
      + `${INSTRUCT[rng.next() % INSTRUCT.length]},${MODES[rng.next() % MODES.length]},${comment}\n`;
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, rows: { type: 'string', default: '6000000' }, seed: { type: 'string', default: '42' } } });
  if (!values.out) {
    process.stderr.write('usage: gen-lineitem --out FILE [--rows 6000000] [--seed 42]\n');
    process.exit(2);
  }
  const t0 = performance.now();
  const bytes = generateLineitem(values.out, Number(values.rows), Number(values.seed));
  process.stderr.write(`${values.rows} rows, ${(bytes / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${values.out}\n`);
}
