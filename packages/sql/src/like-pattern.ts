/**
 * LIKE / ILIKE patterns as floe string predicates: `abc` (equals), `abc%` (startsWith), `%abc`
 * (endsWith), `%abc%` (contains) — the common shapes, on their fast paths — and any other
 * pattern (`_`, several inner parts) as a whole-value match (floe's `like` string operation).
 */
import type { ExprNode } from '@floe/dataframe';
import type { SqlPosition } from './sql-error.js';

export function likePredicate(arg: ExprNode, pattern: string, caseInsensitive: boolean, _at: SqlPosition | null): ExprNode {
  const subject: ExprNode = caseInsensitive ? { kind: 'strFn', arg, fn: { op: 'lower' } } : arg;
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const str = (op: 'startsWith' | 'endsWith' | 'contains' | 'like', s: string): ExprNode => ({ kind: 'str', arg: subject, op, pattern: s });
  if (p.includes('_')) return str('like', p);
  const parts = p.split('%');
  if (parts.length === 1) return { kind: 'binary', op: 'eq', left: subject, right: { kind: 'lit', value: p, dtype: null } };
  const first = parts[0];
  const last = parts[parts.length - 1];
  const inner = parts.slice(1, -1).filter((s) => s !== '');
  if (inner.length > 1 || (inner.length === 1 && (first !== '' || last !== ''))) return str('like', p);
  if (inner.length === 1) return str('contains', inner[0]);
  if (first !== '' && last !== '') return str('like', p); // 'ab%b' must not match 'ab'
  if (first !== '') return str('startsWith', first);
  if (last !== '') return str('endsWith', last);
  return str('startsWith', ''); // '%': any string (null stays null)
}
