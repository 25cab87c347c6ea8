/**
 * SQL type names (`int`, `double precision`, `varchar`, …) → floe dtypes, and the narrower type a
 * cast checks or rounds to, as DuckDB's types are: TINYINT, SMALLINT and INTEGER are 8, 16 and 32
 * bits (a value out of range is an error: cast(300 as tinyint) gave 300), REAL and FLOAT are
 * single precision (rounded to float32). floe stores all of them as int64 / float64.
 */
import type { DType, NarrowType } from '@floe/dataframe';
import { SqlError, type SqlPosition } from './sql-error.js';

export interface CastTarget {
  to: DType;
  narrow?: NarrowType;
}

const TYPES: Record<string, CastTarget> = {
  TINYINT: { to: 'int64', narrow: 'int8' }, INT1: { to: 'int64', narrow: 'int8' },
  SMALLINT: { to: 'int64', narrow: 'int16' }, INT2: { to: 'int64', narrow: 'int16' },
  INT: { to: 'int64', narrow: 'int32' }, INTEGER: { to: 'int64', narrow: 'int32' }, INT4: { to: 'int64', narrow: 'int32' },
  BIGINT: { to: 'int64' }, INT8: { to: 'int64' }, HUGEINT: { to: 'int64' },
  REAL: { to: 'float64', narrow: 'float32' }, FLOAT: { to: 'float64', narrow: 'float32' }, FLOAT4: { to: 'float64', narrow: 'float32' },
  DOUBLE: { to: 'float64' }, 'DOUBLE PRECISION': { to: 'float64' }, FLOAT8: { to: 'float64' }, NUMERIC: { to: 'float64' }, DECIMAL: { to: 'float64' },
  VARCHAR: { to: 'string' }, TEXT: { to: 'string' }, STRING: { to: 'string' }, CHAR: { to: 'string' }, 'CHARACTER VARYING': { to: 'string' },
  BOOLEAN: { to: 'bool' }, BOOL: { to: 'bool' },
  DATE: { to: 'date' },
  TIMESTAMP: { to: 'timestamp' }, DATETIME: { to: 'timestamp' }, 'TIMESTAMP WITHOUT TIME ZONE': { to: 'timestamp' },
};

export function castType(sqlType: string, at: SqlPosition | null): CastTarget {
  const key = sqlType.toUpperCase().trim();
  const t = Object.hasOwn(TYPES, key) ? TYPES[key] : undefined;
  if (!t) throw new SqlError(`cast to ${sqlType} is not supported; types: integer, bigint, double, varchar, boolean, date, timestamp`, at);
  return t;
}
