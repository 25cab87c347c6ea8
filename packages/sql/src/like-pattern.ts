/**
 * LIKE / ILIKE patterns as floe string predicates: `abc` (equals), `abc%` (startsWith), `%abc`
 * (endsWith), `%abc%` (contains), `ab%yz` (both ends). Patterns floe cannot test exactly yet
 * (`_`, or several inner parts whose order matters) are refused, never approximated.
 */
import type { ExprNode } from '@floe/dataframe';
import { SqlError, type SqlPosition } from './sql-error.js';

export function likePredicate(arg: ExprNode, pattern: string, caseInsensitive: boolean, at: SqlPosition | null): ExprNode {
  if (pattern.includes('_')) throw new SqlError(`LIKE patterns with "_" (any one character) are not supported yet: '${pattern}'`, at);
  const subject: ExprNode = caseInsensitive ? { kind: 'strFn', arg, fn: { op: 'lower' } } : arg;
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const parts = p.split('%');
  if (parts.length === 1) return { kind: 'binary', op: 'eq', left: subject, right: { kind: 'lit', value: p, dtype: null } };
  const first = parts[0];
  const last = parts[parts.length - 1];
  const inner = parts.slice(1, -1).filter((s) => s !== '');
  const str = (op: 'startsWith' | 'endsWith' | 'contains', s: string): ExprNode => ({ kind: 'str', arg: subject, op, pattern: s });
  if (inner.length > 1 || (inner.length === 1 && (first !== '' || last !== ''))) {
    throw new SqlError(`LIKE patterns with more than one inner part are not supported yet: '${pattern}'`, at);
  }
  if (inner.length === 1) return str('contains', inner[0]);
  const conds: ExprNode[] = [];
  if (first !== '') conds.push(str('startsWith', first));
  if (last !== '') conds.push(str('endsWith', last));
  if (first !== '' && last !== '') {
    // 'ab%b' must not match 'ab': the two ends may not overlap
    const len: ExprNode = { kind: 'strFn', arg: subject, fn: { op: 'len' } };
    conds.push({ kind: 'binary', op: 'gte', left: len, right: { kind: 'lit', value: [...first].length + [...last].length, dtype: 'int64' } });
  }
  if (conds.length === 0) return str('startsWith', ''); // '%': any string (null stays null)
  return conds.reduce((a, b) => ({ kind: 'binary', op: 'and', left: a, right: b }));
}
