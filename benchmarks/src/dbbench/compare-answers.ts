/**
 * The answer check: do floe and DuckDB agree on a question? Both answers are CSV files (see
 * write-answer.ts and duckdb-child.ts); an in-process DuckDB reads them, sorts the rows of each
 * by every column, and compares them row by row and column by column, by position: the same
 * number of rows and columns; integers and strings exactly; a column that is floating-point in
 * either answer within a relative tolerance of 1e-9 (absolute 1e-12 near zero, where a
 * relative bound means nothing); null only against null, NaN only against NaN.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export const RELATIVE_TOLERANCE = 1e-9;
export const ABSOLUTE_TOLERANCE = 1e-12;

export interface Agreement {
  agree: boolean;
  /** What differs, in a sentence (empty when they agree). */
  detail: string;
  rows: [number, number];
}

const str = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const FLOAT = /^(FLOAT|DOUBLE|DECIMAL.*)$/;

function headerOf(path: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('utf8');
    const nl = text.indexOf('\n');
    return (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '').split(',');
  } finally {
    closeSync(fd);
  }
}

async function load(con: DuckDBConnection, table: string, path: string, width: number): Promise<string[]> {
  const names = Array.from({ length: width }, (_, i) => `c${i}`);
  const order = names.map((n) => `${n} NULLS LAST`).join(', ');
  await con.run(`CREATE TABLE ${table} AS SELECT row_number() OVER (ORDER BY ${order}) AS rn, * FROM read_csv(${str(path)}, header = true, names = [${names.map(str).join(', ')}])`);
  const rows = (await con.runAndReadAll(`SELECT column_type FROM (DESCRIBE ${table}) WHERE column_name <> 'rn'`)).getRows();
  return rows.map((r) => String(r[0]));
}

function sameCondition(i: number, ta: string, tb: string): string {
  const a = `a.c${i}`, b = `b.c${i}`;
  if (INTEGER.test(ta) && INTEGER.test(tb)) return `${a}::HUGEINT IS NOT DISTINCT FROM ${b}::HUGEINT`;
  if ((FLOAT.test(ta) || INTEGER.test(ta)) && (FLOAT.test(tb) || INTEGER.test(tb))) {
    const x = `${a}::DOUBLE`, y = `${b}::DOUBLE`;
    return `coalesce((${x} IS NULL AND ${y} IS NULL) OR (isnan(${x}) AND isnan(${y})) OR ${x} = ${y}`
      + ` OR abs(${x} - ${y}) <= greatest(${RELATIVE_TOLERANCE} * greatest(abs(${x}), abs(${y})), ${ABSOLUTE_TOLERANCE}), false)`;
  }
  return `${a}::VARCHAR IS NOT DISTINCT FROM ${b}::VARCHAR`;
}

/** Compares two answer files (floe's first, DuckDB's second). */
export async function compareAnswers(floePath: string, duckdbPath: string): Promise<Agreement> {
  const ha = headerOf(floePath), hb = headerOf(duckdbPath);
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const con = await instance.connect();
  try {
    const count = async (t: string): Promise<number> => Number((await con.runAndReadAll(`SELECT count(*) FROM ${t}`)).getRows()[0][0]);
    if (ha.length !== hb.length) {
      return { agree: false, detail: `${ha.length} columns (${ha.join(', ')}) vs ${hb.length} (${hb.join(', ')})`, rows: [Number.NaN, Number.NaN] };
    }
    const ta = await load(con, 'a', floePath, ha.length);
    const tb = await load(con, 'b', duckdbPath, hb.length);
    const rows: [number, number] = [await count('a'), await count('b')];
    if (rows[0] !== rows[1]) return { agree: false, detail: `${rows[0]} rows vs ${rows[1]}`, rows };
    const conds = ha.map((_, i) => sameCondition(i, ta[i], tb[i]));
    const where = `FROM a JOIN b USING (rn) WHERE NOT (${conds.join(' AND ')})`;
    const bad = Number((await con.runAndReadAll(`SELECT count(*) ${where}`)).getRows()[0][0]);
    if (bad === 0) return { agree: true, detail: '', rows };
    const first = (await con.runAndReadAll(`SELECT a.rn, ${conds.map((c) => `NOT (${c})`).join(', ')} ${where} ORDER BY a.rn LIMIT 1`)).getRows()[0];
    const cols = ha.filter((_, i) => first[i + 1] === true);
    const rn = Number(first[0]);
    const show = async (t: string, names: string[]): Promise<string> => {
      const values = (await con.runAndReadAll(`SELECT * EXCLUDE (rn) FROM ${t} WHERE rn = ${rn}`)).getRows()[0];
      return `(${names.map((n, i) => `${n}=${values[i] === null ? 'null' : String(values[i])}`).join(', ')})`;
    };
    return { agree: false, detail: `${bad} of ${rows[0]} rows differ; first (sorted row ${rn}, column ${cols.join(', ')}): floe ${await show('a', ha)} vs DuckDB ${await show('b', hb)}`, rows };
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}
