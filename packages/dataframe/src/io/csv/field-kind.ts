/**
 * What the CSV scan makes of each field (RowScanner's per-field kind), shared by the general loop
 * (scan-rows.ts) and the row parsers generated for a scan's shape (fast-rows.ts).
 */
export const K_SKIP = 0;
export const K_INT = 1;
export const K_FLOAT = 2;
export const K_STRING = 3;
export const K_TS = 4;
export const K_DATE = 5;
export const K_BOOL = 6;
/** A timestamp/date field of which only calendar parts are kept (a pushed-down `dt` field). */
export const K_TSPARTS = 7;
export const K_BIGINT = 8;
/** A timestamp/date in a user format: interned as text, parsed once per distinct text (dayjs). */
export const K_FORMAT = 9;
