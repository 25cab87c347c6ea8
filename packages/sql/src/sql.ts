/**
 * sql(): SQL text → a lazy DataFrame over floe's logical plan (the same optimizer, execution
 * and explain() as the DataFrame API).
 *
 *   const t = await sql`select status, count(*) n from ${orders} where amount > ${min} group by status`.compute();
 *   sql('select … from orders', { tables: { orders } });
 *
 * In the tagged template, a DataFrame becomes a table and every other value is BOUND as a
 * parameter ($1, $2, …), never spliced into the text.
 */
import { DataFrame, DTYPES, type DType, type ReadCsvOptions } from '@floe/dataframe';
import { describedQuery, describeFrame, fromFirst } from './describe-query.js';
import { fileReader } from './file-source.js';
import { sqlFromPaths } from './from-paths.js';
import { parseSql } from './parse-sql.js';
import { SqlError } from './sql-error.js';
import { positionAt } from './source-text.js';
import { translateQuery } from './translate-query.js';

export interface SqlOptions {
  /** Frames the query names as tables: `{ orders }` → `from orders`. */
  tables?: Record<string, DataFrame>;
  /** Values of $1, $2, … */
  params?: readonly unknown[];
  /** Read options for files named in FROM (default: ISO dates detected in every column). */
  read?: ReadCsvOptions;
  /** Paths named in FROM to read from another file: `{ '-': copyOfStdin }` (what the CLI does for `from '-'`). */
  files?: Record<string, string>;
  /**
   * Column types for the CSV and JSON-lines files named in FROM (`{ zip: 'string' }` keeps
   * '00123'): each such table with a column of that name reads it so; a name no table has is a
   * key every JSON-lines table reads (one first met past its sample).
   */
  dtypes?: Record<string, DType>;
}

export function sql(text: string, options?: SqlOptions): DataFrame;
export function sql(strings: TemplateStringsArray, ...values: unknown[]): DataFrame;
export function sql(first: string | TemplateStringsArray, ...rest: unknown[]): DataFrame {
  if (typeof first === 'string') return runSql(first, (rest[0] as SqlOptions | undefined) ?? {});
  if (!Array.isArray(first) || !('raw' in first)) throw new TypeError('sql() takes SQL text, or is used as a tagged template: sql`select …`');
  const tables: Record<string, DataFrame> = {};
  const params: unknown[] = [];
  let text = first[0];
  rest.forEach((v, i) => {
    if (insideQuotes(text)) {
      throw new SqlError(`a \${…} value is inside quotes; remove the quotes (values are bound as parameters, never spliced into the text)`, positionAt(text, text.length));
    }
    if (v instanceof DataFrame) {
      const name = `__frame${i}`;
      tables[name] = v;
      text += name;
    } else if (typeof v === 'string' && /\b(from|join)\s*$/i.test(text)) {
      // sql`select … from ${'orders.csv'}`: a table's path, where a value cannot go — written as
      // the quoted path it is; it was bound as $1 and read as a table named "1"
      if (v.includes("'")) throw new SqlError(`the path ${JSON.stringify(v)} after ${/join\s*$/i.test(text) ? 'JOIN' : 'FROM'} holds a quote, which a path in SQL text cannot; pass the frame instead: \${readCsv(${JSON.stringify(v)})}`, positionAt(text, text.length));
      text += `'${v}'`;
    } else {
      params.push(v);
      text += `$${params.length}`;
    }
    text += first[i + 1];
  });
  return runSql(text, { tables, params });
}

function runSql(query: string, options: SqlOptions): DataFrame {
  let text = query;
  if (typeof text !== 'string' || text.trim() === '') throw new SqlError('empty query', null);
  for (const [name, df] of Object.entries(options.tables ?? {})) {
    if (!(df instanceof DataFrame)) throw new TypeError(`sql(): tables.${name} is not a DataFrame`);
  }
  const described = describedQuery(text);
  if (described !== null) return describeFrame(runSql(described, options));
  text = fromFirst(text);
  const ast = parseSql(text);
  return translateQuery(ast, {
    text,
    params: options.params ?? [],
    tables: new Map(Object.entries(options.tables ?? {})),
    readFile: fileReader(options.read, options.files, checkedDtypes(options.dtypes), () => sqlFromPaths(text)),
  });
}

function checkedDtypes(dtypes: Record<string, DType> | undefined): Record<string, DType> {
  if (dtypes === undefined) return {};
  if (dtypes === null || typeof dtypes !== 'object' || Array.isArray(dtypes)) throw new TypeError('sql(): dtypes is an object of column name → type, e.g. { zip: \'string\' }');
  for (const [name, type] of Object.entries(dtypes)) {
    if (!DTYPES.includes(type)) throw new TypeError(`sql(): dtypes.${name} is ${JSON.stringify(type)}; a type is one of ${DTYPES.join(', ')}`);
  }
  return dtypes;
}

/** Whether the end of `text` is inside a single-quoted string. */
function insideQuotes(text: string): boolean {
  let inside = false;
  for (const c of text) if (c === "'") inside = !inside;
  return inside;
}
