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
    if (err instanceof PlanError && !(err instanceof SqlError)) throw new SqlError(`in ${clause}`, findWord(env.text, clause.split(' ')[0]), err.message);
    throw err;
  }
}

