/**
 * Tests only: small seeded CSV tables for the SQL differential suite — orders and customers
 * with nulls in every column, keys that match nothing, duplicate keys, mixed-case strings,
 * dates over two years, timestamps from 1968 on — and a header-only file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../../dataframe/src/testing/random-csv.js';

export function writeTables(dir: string, seed: number, rows: number): { orders: string; customers: string; empty: string } {
  const r = mulberry32(seed); // a fixed seed gives the same tables on every machine
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const maybe = (v: string, p = 0.1): string => (r() < p ? '' : v);
  const day = (): string => {
    const d = new Date(Date.UTC(2023, 0, 1) + Math.floor(r() * 730) * 86_400_000);
    return d.toISOString().slice(0, 10);
  };
  const moment = (): string => {
    const ms = Date.UTC(1968, 0, 1) + Math.floor(r() * 57 * 365.25 * 86_400) * 1000; // 1968 … 2024, to the second
    return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  };
  const orders = ['id,customer_id,status,amount,qty,ts,note,seen_at'];
  for (let i = 1; i <= rows; i++) {
    orders.push([
      i,
      maybe(String(1 + Math.floor(r() * 40))),
      maybe(pick(['new', 'paid', 'shipped', 'returned'])),
      maybe((Math.round(r() * 100000) / 100).toFixed(2)),
      maybe(String(Math.floor(r() * 20) - 5)),
      maybe(day(), 0.05),
      maybe(pick(['Gift wrap', 'gift card', 'rush', 'Rush order', 'none', '  padded  ', 'a-b-c'])),
      maybe(moment()),
    ].join(','));
  }
  const customers = ['id,name,country,since'];
  for (let i = 1; i <= 36; i++) customers.push([i, `cust${i}`, maybe(pick(['FR', 'DE', 'US', 'JP'])), maybe(day())].join(','));
  customers.push('36,cust36bis,US,2024-01-01'); // a duplicate key
  const paths = { orders: join(dir, 'orders.csv'), customers: join(dir, 'customers.csv'), empty: join(dir, 'empty.csv') };
  writeFileSync(paths.orders, `${orders.join('\n')}\n`);
  writeFileSync(paths.customers, `${customers.join('\n')}\n`);
  writeFileSync(paths.empty, 'id,customer_id,status,amount,qty,ts,note,seen_at\n');
  return paths;
}
