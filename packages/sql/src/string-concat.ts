/**
 * String concatenation as DuckDB does it: `a || b` (null where either is null) and `concat(a, …)`
 * (nulls left out). Text joins as it is; integers, booleans and dates are spelled as DuckDB casts
 * them to text (12, true, 2024-01-05). Floats and timestamps are refused: floe would not spell
 * them DuckDB's way (2.0, 2024-01-05 10:00:00), and a different string is a wrong answer.
 */
import type { DType, ExprNode } from '@floe/dataframe';
import { columnRef, textOf, type SqlNode } from './sql-ast.js';
import { SqlError, type SqlPosition } from './sql-error.js';
import { typeOrNull, type ExprContext } from './translate-expr.js';

const SPELLED_ALIKE: readonly DType[] = ['int64', 'bool', 'date'];
const NULL_TEXT: ExprNode = { kind: 'lit', value: null, dtype: 'string' };

/** The parts joined; `skipNulls`: concat()'s rule (a null part adds nothing), else ||'s (a null part makes the whole null). */
export function concatenation(parts: ExprNode[], raw: SqlNode[], cx: ExprContext, call: string, skipNulls: boolean, at: SqlPosition | null): ExprNode {
  const args: ExprNode[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.kind === 'lit' && part.value === null) {
      if (skipNulls) continue;
      return NULL_TEXT;
    }
    // an aggregate's output cannot be typed before the aggregate is planned: taken as text (floe's own check names it if it is not)
    const t = typeOrNull(part, cx) ?? 'string';
    let text: ExprNode = part;
    if (t !== 'string') {
      if (!SPELLED_ALIKE.includes(t)) throw new SqlError(`${call} of ${shown(raw[i], cx.text)} (${t}) is not supported yet`, at, `floe would not spell a ${t} as DuckDB does; only text, integers, booleans and dates are joined`);
      text = { kind: 'cast', arg: part, to: 'string' };
    }
    args.push(skipNulls ? { kind: 'fillNull', arg: text, value: { kind: 'lit', value: '', dtype: 'string' } } : text);
  }
  if (args.length === 0) return skipNulls ? { kind: 'lit', value: '', dtype: 'string' } : NULL_TEXT;
  if (args.length === 1) return args[0];
  return { kind: 'concat', args };
}

function shown(n: SqlNode, text: string): string {
  return n.type === 'column_ref' ? columnRef(n).name : textOf(n, text) ?? 'a value';
}

/** The operands of a chain of `||` (a || b || c, (a || b) || c: it is associative), left to right. */
export function concatOperands(n: SqlNode): SqlNode[] {
  if (n.type === 'binary_expr' && n.operator === '||') return [...concatOperands(n.left as SqlNode), ...concatOperands(n.right as SqlNode)];
  return [n];
}
