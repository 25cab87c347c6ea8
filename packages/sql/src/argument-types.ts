/**
 * The argument types of SQL row functions, checked where the call is known: floe's own type
 * errors name its library API (".dt.year() … read it with parseDates", '.cast("string")') and the
 * clause's first word. Here the error names the SQL call as written, where it is, and what to do
 * in SQL. A NULL literal argument takes the type the function needs (lower(null) is null).
 */
import type { DType, ExprNode } from '@floe/dataframe';
import { columnRef, textOf, type SqlNode } from './sql-ast.js';
import { SqlError, type SqlPosition } from './sql-error.js';
import type { ExprContext } from './translate-expr.js';
import { typeIn } from './type-in.js';

/** What a function needs of an argument. */
export type Need = 'temporal' | 'string' | 'number';

const ACCEPTS: Record<Need, readonly DType[]> = {
  temporal: ['date', 'timestamp'],
  string: ['string'],
  number: ['int64', 'float64'],
};
const WHAT: Record<Need, string> = { temporal: 'a date or timestamp', string: 'text', number: 'a number' };
const NULL_OF: Record<Need, DType> = { temporal: 'timestamp', string: 'string', number: 'float64' };

/** The arguments with NULL literals typed as needed; an SqlError for an argument of the wrong type. */
export function checkArguments(args: ExprNode[], needs: readonly (Need | null)[], raw: SqlNode[], cx: ExprContext, call: string, at: SqlPosition | null): ExprNode[] {
  return args.map((arg, i) => {
    const need = needs[i] ?? null;
    if (need === null) return arg;
    if (arg.kind === 'lit' && arg.value === null) return { kind: 'lit', value: null, dtype: NULL_OF[need] };
    const frame = cx.frame ? cx.frame() : cx.scope.frame;
    let t: DType;
    try {
      t = typeIn(frame, arg);
    } catch {
      return arg; // an error inside the argument: floe's own check reports it
    }
    if (ACCEPTS[need].includes(t)) return arg;
    const name = raw[i].type === 'column_ref' ? columnRef(raw[i]).name : null;
    const what = name === null ? `its argument ${textOf(raw[i], cx.text) ?? ''}`.trimEnd() : name;
    const note = name === null ? undefined : frame.typeNotes[arg.kind === 'col' ? arg.name : name];
    throw new SqlError(`${call} needs ${WHAT[need]}, but ${what} is ${sqlType(t)}${note ? ` (${note})` : ''}`, at, advice(need, t, name));
  });
}

export function sqlType(t: DType): string {
  return t === 'string' ? 'text' : t === 'float64' ? 'a double' : t === 'int64' ? 'an integer' : t === 'bool' ? 'a boolean' : `a ${t}`;
}

function advice(need: Need, t: DType, name: string | null): string | undefined {
  if (need === 'temporal' && t === 'string') {
    const dates = 'floe sql reads a CSV column as dates when all its values are ISO dates (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS)';
    return name === null
      ? `${dates}; cast text of ISO dates: cast(col as timestamp), or try_cast(col as timestamp) where some are not dates`
      : `${dates}; cast it: cast(${name} as timestamp), or try_cast(${name} as timestamp) where some are not dates (a frame given to sql\`…\` can read it as dates: readCsv(…, { parseDates: [${JSON.stringify(name)}] }))`;
  }
  if (need === 'string' && t === 'int64' && name !== null) return `cast it to text first: cast(${name} as varchar)`;
  if (need === 'string') return 'floe casts only integers to text yet (cast(x as varchar))';
  return undefined;
}

