/**
 * DuckDB's `DESCRIBE <query | table>` — the columns a query gives and their SQL types, one row
 * each (column_name, column_type, null, key, default, extra), read from the plan without reading
 * data — and its FROM-first queries (`from 'x.csv' where …` is `select * from 'x.csv' where …`).
 */
import { fromColumns, type DataFrame, type DType } from '@floe/dataframe';
import { SqlError } from './sql-error.js';
import { positionAt } from './source-text.js';

const SQL_TYPES: Record<DType, string> = { int64: 'BIGINT', float64: 'DOUBLE', string: 'VARCHAR', bool: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP' };

/** The query a DESCRIBE is of, or null when `text` is not a DESCRIBE: the rest as it is (a query), or `select * from <rest>` (a table or path). */
export function describedQuery(text: string): string | null {
  const lead = LEAD.exec(text)![0];
  const m = /^(?:describe|desc)\s+/i.exec(text.slice(lead.length));
  if (!m) return null;
  const rest = text.slice(lead.length + m[0].length);
  // a query keeps its positions: DESCRIBE's word becomes spaces
  return /^(select|with|from|\()/i.test(rest) ? lead + ' '.repeat(m[0].length) + rest : `select * from ${rest}`;
}

/** Blank space and comments before a query's first word. */
const LEAD = /^(?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;

/** DuckDB's FROM-first query as its SELECT * form (other text as it is). */
export function fromFirst(text: string): string {
  const lead = LEAD.exec(text)![0];
  if (!/^from\b/i.test(text.slice(lead.length))) return text;
  const select = topLevelSelect(text, lead.length);
  if (select >= 0) throw new SqlError('a FROM-first query with a SELECT after it (from t select a) is not supported yet; write select a from t', positionAt(text, select));
  return `${lead}select * ${text.slice(lead.length)}`;
}

/** Where the word SELECT stands outside quotes, comments and parentheses, from `at` on; -1 if nowhere. */
function topLevelSelect(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') { const end = text.indexOf(c, i + 1); i = end < 0 ? text.length : end; continue; }
    if (c === '-' && text[i + 1] === '-') { const end = text.indexOf('\n', i); i = end < 0 ? text.length : end; continue; }
    if (c === '/' && text[i + 1] === '*') { const end = text.indexOf('*/', i + 2); i = end < 0 ? text.length : end + 1; continue; }
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && /^select\b/i.test(text.slice(i, i + 7)) && !/[\w$]/.test(text[i - 1] ?? '')) return i;
  }
  return -1;
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
