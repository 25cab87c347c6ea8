/**
 * floe checks types while a plan is built; its PlanErrors speak of expressions (`col("X0") >
 * "abc"`). A step of the translation runs through here so that the error also names the SQL
 * clause and where it starts.
 */
import { PlanError } from '@floe/dataframe';
import type { QueryEnv } from './query-env.js';
import { SqlError } from './sql-error.js';
import { findWord } from './source-text.js';

/** Runs a DataFrame step, turning floe's plan errors into errors that name the SQL clause. */
export function inClause<T>(clause: string, env: QueryEnv, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof PlanError && !(err instanceof SqlError)) throw new SqlError(`in ${clause}`, findWord(env.text, clause.split(' ')[0]), asSql(err.message));
    throw err;
  }
}

/**
 * The DataFrame expressions in a plan error written back as SQL where that is plain: `col("b")` as
 * b, `==` as =, `!=` as <>, text in single quotes (`(col("b") == "3")` → `(b = '3')`: the user
 * wrote SQL and never saw col()). Anything else is left as it is.
 */
export function asSql(message: string): string {
  return message
    .replace(/col\("((?:[^"\\]|\\.)*)"\)/g, (_m, name: string) => {
      const n = JSON.parse(`"${name}"`) as string;
      return /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(n) ? n : `"${n.replace(/"/g, '""')}"`;
    })
    .replace(/ == /g, ' = ')
    .replace(/ != /g, ' <> ')
    .replace(/(?<=[(=<>] )"((?:[^"\\]|\\.)*)"(?=\))/g, (_m, text: string) => `'${(JSON.parse(`"${text}"`) as string).replace(/'/g, "''")}'`);
}

