/**
 * A Parquet file of timestamped events written by DuckDB, for the tests of calendar fields read
 * from Parquet (io/parquet/calendar-parts.test.ts, physical/calendar-group-bound.test.ts):
 * 40 000 rows, one every 17 minutes from 2020-12-20 (2020, 2021 and 2022: row groups of 3 000
 * rows cross a year, months and days), the timestamp `t` null in one row of 500 past row 30 000
 * (those row groups are read), a date `d` a day every 100 rows, `id` and `v` (i % 9).
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export async function writeCalendarEvents(duck: DuckDBConnection, path: string): Promise<void> {
  await duck.run(`COPY (SELECT i::BIGINT AS id, (i % 9)::BIGINT AS v,
      CASE WHEN i % 500 = 499 AND i > 30000 THEN NULL ELSE TIMESTAMP '2020-12-20 00:00:00' + INTERVAL (i * 17) MINUTE END AS t,
      DATE '2020-12-01' + (i // 100)::INTEGER AS d
    FROM range(40000) r(i)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 3000)`);
}
