/**
 * One record as a CSV row for toDataFrame's part files: strings always quoted (so that `NA`,
 * `00123` or an empty string stay strings: readCsv reads only unquoted values as null),
 * null/undefined/NaN as an empty field (null; a row of one column: `NA`, not a blank line), numbers, booleans and bigints as written, dates
 * as ISO text, arrays and objects as their JSON text. A key outside `columns` is an error: the
 * DataFrame's columns are fixed when it is made.
 */
export function csvRow(x: unknown, columns: readonly string[], known: ReadonlySet<string>): string {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) {
    throw new TypeError(`toDataFrame(): elements must be plain objects (records), got ${x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x}`);
  }
  const rec = x as Record<string, unknown>;
  for (const k in rec) {
    if (!known.has(k)) throw new Error(`toDataFrame(): a record has the key ${JSON.stringify(k)}, which is not among the columns (${columns.map((c) => JSON.stringify(c)).join(', ')}): pass { columns } naming every key`);
  }
  if (columns.length === 1) {
    // one column: an empty field is a blank line, which readCsv skips (the row was lost); an
    // unquoted NA is null (strings are quoted, so the text "NA" stays text)
    const f = field(rec[columns[0]]);
    return f === '' ? 'NA' : f;
  }
  let out = '';
  for (let i = 0; i < columns.length; i++) {
    if (i > 0) out += ',';
    out += field(rec[columns[i]]);
  }
  return out;
}

export function quote(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

function field(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return quote(v);
    case 'number':
      return Number.isNaN(v) ? '' : String(v);
    case 'boolean':
    case 'bigint':
      return String(v);
    case 'undefined':
      return '';
    default:
      if (v === null) return '';
      if (v instanceof Date) return v.toISOString();
      return quote(JSON.stringify(v));
  }
}
