/** SQL type names (`int`, `double precision`, `varchar`, …) → floe dtypes. */
import type { DType } from '@floe/dataframe';
import { SqlError, type SqlPosition } from './sql-error.js';

const TYPES: Record<string, DType> = {
  INT: 'int64', INTEGER: 'int64', BIGINT: 'int64', SMALLINT: 'int64', TINYINT: 'int64', INT2: 'int64', INT4: 'int64', INT8: 'int64', HUGEINT: 'int64',
  DOUBLE: 'float64', 'DOUBLE PRECISION': 'float64', FLOAT: 'float64', FLOAT4: 'float64', FLOAT8: 'float64', REAL: 'float64', NUMERIC: 'float64', DECIMAL: 'float64',
  VARCHAR: 'string', TEXT: 'string', STRING: 'string', CHAR: 'string', 'CHARACTER VARYING': 'string',
  BOOLEAN: 'bool', BOOL: 'bool',
  DATE: 'date',
  TIMESTAMP: 'timestamp', DATETIME: 'timestamp', 'TIMESTAMP WITHOUT TIME ZONE': 'timestamp',
};

export function castType(sqlType: string, at: SqlPosition | null): DType {
  const t = TYPES[sqlType.toUpperCase().trim()];
  if (!t) throw new SqlError(`cast to ${sqlType} is not supported; types: integer, bigint, double, varchar, boolean, date, timestamp`, at);
  return t;
}
