/**
 * DuckDB's `DESCRIBE <query | table>` — the columns a query gives and their SQL types, one row
 * each (column_name, column_type, null, key, default, extra), read from the plan without reading
 * data — and its FROM-first queries (`from 'x.csv' where …` is `select * from 'x.csv' where …`).
 */
import { fromColumns, type DataFrame, type DType } from '@floe/dataframe';

const SQL_TYPES: Record<DType, string> = { int64: 'BIGINT', float64: 'DOUBLE', string: 'VARCHAR', bool: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP' };

/** The query a DESCRIBE is of, or null when `text` is not a DESCRIBE: the rest as it is (a query), or `select * from <rest>` (a table or path). */
export function describedQuery(text: string): string | null {
  const m = /^\s*(?:describe|desc)\s+/i.exec(text);
  if (!m) return null;
  const rest = text.slice(m[0].length);
  // a query keeps its positions: DESCRIBE's word becomes spaces
  return /^(select|with|from|\()/i.test(rest) ? ' '.repeat(m[0].length) + rest : `select * from ${rest}`;
}

/** DuckDB's FROM-first query as its SELECT * form (other text as it is). */
export function fromFirst(text: string): string {
  return /^\s*from\b/i.test(text) ? `select * ${text.trimStart()}` : text;
}

export function describeFrame(df: DataFrame): DataFrame {
  const schema = df.schema;
  const none = schema.map(() => null);
  return fromColumns({
    column_name: schema.map((f) => f.name),
    column_type: schema.map((f) => SQL_TYPES[f.dtype] ?? f.dtype.toUpperCase()),
    null: schema.map(() => 'YES'),
    key: none,
    default: none,
    extra: none,
  });
}
