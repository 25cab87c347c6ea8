/**
 * Reads every file's header and samples its rows (the head and the tail of each file) to infer
 * column types. Types widen across all samples: int64 → float64 → string; bool, dates and
 * timestamps stay themselves only when every sampled value agrees. Files whose headers differ
 * are an error naming both files.
 *
 * Also settles the dialect from the first file: the delimiter (sniffed unless given), whether
 * the first row is a header (header: 'auto'), the column names (made unique, header-names.ts),
 * and a trailing delimiter (an empty last header name over empty last fields, or data rows
 * with one empty field more than the header).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { I64_MAX, I64_MIN, type DType, type Field } from '../../types/dtype.js';
import { CR, DEFAULT_NULL_VALUES, LF, dialectBytes, matchesNullToken, nullTokenBytes, nullTokenHeads, type CsvDialect, type DialectBytes } from './dialect.js';
import { delimiterText, resolveDialect, type DialectOptions } from './dialect-options.js';
import { checkTextEncoding } from './detect-encoding.js';
import { defaultNames, quotedNames, uniqueNames } from './header-names.js';
import { fieldText, hasBom, linesBetween, scanRowRanges, tokenizeRows, type TokenizedRow } from './tokenize.js';
import { sniffDelimiter, sniffHeader } from './sniff.js';
import { isDateOnly, parseTimestampParts } from './parse-timestamp.js';
import { checkDateFormat } from './parse-date-format.js';
import { closestName } from '../../plan/closest-name.js';
import { fileChanged } from './file-changed.js';
import { decompressHead, isCompressedPath } from './compressed.js';
import { latin1ToUtf8 } from './latin1.js';
import { byteHash } from './byte-dictionary.js';
import { DistinctSketch, RowHashes, rowHashSample, type RowHashSample } from './distinct-estimate.js';

export interface CsvFileInfo {
  path: string;
  size: number;
  /** Modification time when the schema was inferred: a file that changes after that is an error, never a wrong answer. */
  mtimeMs: number;
  /** Byte offset of the first data row (after BOM, skipped lines and header). */
  dataStart: number;
}

export type OnBadLines = 'error' | 'skip' | 'warn' | 'pad';

export interface CsvSource {
  format: 'csv';
  files: CsvFileInfo[];
  schema: Field[];
  /** The delimiter's first byte (the whole delimiter is dialect.delimiter). */
  delimiter: number;
  dialect: CsvDialect;
  /** Whether the files' first row (after skipRows) is a header; `headerSniffed`: decided from the data (header: 'auto', or a first row of numbers over number columns). */
  header: boolean;
  headerSniffed: boolean;
  skipRows: number;
  nullValues: string[];
  dateErrorsNull: boolean;
  /** Rows with the wrong number of fields: an error, dropped silently, dropped with a warning, or (short rows) padded with nulls. */
  onBadLines: OnBadLines;
  lossyUtf8: boolean;
  /** The files are Windows-1252 text, read through a UTF-8 transcoding (latin1.ts). */
  latin1: boolean;
  /** A value that contradicts its column's type: an error, or re-run with the wider type. */
  onTypeMismatch: 'error' | 'widen';
  /** Timestamp/date columns in a non-ISO format: column → dayjs format (parse-date-format.ts). */
  dateFormats: Record<string, string>;
  /**
   * Why a column was inferred as string, for messages (an aggregate that needs numbers names
   * the value that made it text): column → e.g. `inferred from the value "x" at a.csv line 3`.
   */
  typeNotes: Record<string, string>;
  /** Columns typed string for want of a value in the sample (no data rows, or every sampled one null). */
  valueless: string[];
  /** Columns whose type the caller gave (dtypes), not the sample. */
  givenTypes: string[];
  /**
   * Estimated distinct values per column in all the files, from the head samples
   * (distinct-estimate.ts): for planning (partition sizes), never for answers.
   */
  distinct?: Record<string, number>;
  /** Estimated data rows in all the files (from the head samples' bytes per row), with `distinct`. */
  estimatedRows?: number;
  /** Sampled rows' value hashes, with `distinct`: a grouping's distinct key tuples are estimated from them. */
  rowHashes?: RowHashSample;
  /**
   * A quoted value in a head sample holds a line feed: a byte range's first row, guessed, may then
   * be wrong (io/csv/read-partition.ts), and tasks that share ranges are not planned (a wrong
   * guess drops a task's whole partial: physical/shared-ranges.ts).
   */
  quotedLineFeeds?: boolean;
}

/** The type note of every column of files without data rows (their type was not inferred but assumed). */
export const NO_DATA_ROWS = 'the files have no data rows to infer types from';

export interface InferOptions extends DialectOptions {
  nullValues?: readonly string[];
  dtypes?: Readonly<Record<string, DType>>;
  /** Types the other files of a union give these columns (unionByName): read so, as inferred types. */
  otherFiles?: Readonly<Record<string, DType>>;
  parseDates?: readonly string[] | boolean;
  /** Bytes sampled from the head of each file (and a quarter of that from its tail); grown to hold whole rows. */
  sampleBytes?: number;
  dateErrors?: 'error' | 'null';
  onBadLines?: OnBadLines;
  encoding?: CsvEncoding;
  onTypeMismatch?: 'error' | 'widen';
  /** Columns written in another date format than ISO: column → dayjs format; read as timestamps (or dates, with dtypes). */
  dateFormats?: Readonly<Record<string, string>>;
  /** The first row (after skipRows) is a header (default), is data, or is sniffed. */
  header?: boolean | 'auto';
  /** Column names; with a header row, they replace it. */
  names?: readonly string[];
  /** Lines skipped at the start of each file, before the header. */
  skipRows?: number;
}

const enc = new TextEncoder();
const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Infinities, and NaN when it is not a null token (nullValues without it): float values, as Polars and DuckDB read them. */
const INF = /^[+-]?(inf|infinity|nan)$/i;
const BOOL = /^(true|false)$/i;

/** The first file's layout, settled once and then checked against every other file. */
interface Layout {
  dialect: CsvDialect;
  bytes: DialectBytes;
  header: boolean;
  headerSniffed: boolean;
  /** Column names as read (before they are made unique), or null without a header. */
  rawHeader: string[] | null;
  names: string[];
  /** Fields per row, the trailing delimiter's empty field not counted. */
  width: number;
  headerFile: string;
}

export function inferCsvSource(paths: readonly string[], options: InferOptions = {}): CsvSource {
  // the other files' types (unionByName) are read as given, but they are not the caller's: a
  // mismatch is a type error of an inferred type, and a date there refuses a time of day
  const callerTypes = options.dtypes ?? {};
  const opts: InferOptions = options.otherFiles ? { ...options, dtypes: { ...options.otherFiles, ...callerTypes } } : options;
  const sampleBytes = opts.sampleBytes ?? 256 * 1024;
  const nullValues = [...(opts.nullValues ?? DEFAULT_NULL_VALUES)];
  // an empty unquoted field is null whatever the list says (the scanner reads it so, as pandas
  // adds na_values to its defaults): the sample must not take it for text
  const nulls = new Set([...nullValues, '']);
  const tokens = nullTokenBytes(nullValues);
  const sampleNulls: SampleNulls = { set: nulls, tokens, heads: nullTokenHeads(tokens), emptyIsNull: true };
  const skipRows = opts.skipRows ?? 0;
  if (!Number.isSafeInteger(skipRows) || skipRows < 0) throw new TypeError(`readCsv: skipRows must be a whole number of lines, got ${JSON.stringify(opts.skipRows)}`);
  let given = opts.delimiter !== undefined ? delimiterText(opts.delimiter) : null;
  let layout: Layout | null = null;
  const files: CsvFileInfo[] = [];
  let stats: ColumnStats[] = [];
  let sketches: DistinctSketch[] = [];
  let rowHashes = new RowHashes(0);
  const quoted = { lineFeeds: false };
  let dataRows = 0;
  // for the distinct estimates: the head samples' bytes (their rows are dataRows), and the bytes no sample covered
  let headBytes = 0;
  let unsampled = 0;

  let sampled = 0;
  for (const path of paths) {
    // every file is sampled; the first at 4× the default (1 MiB head, 256 KiB tail: a value past a
    // smaller head refused many a downloaded file of a few MB, as DuckDB's 20 480-line sample does
    // not), past the first FULL_SAMPLES bytes (about 25 files) at a quarter of the default
    const want = opts.sampleBytes !== undefined ? sampleBytes : sampled === 0 ? sampleBytes * 4 : sampled >= FULL_SAMPLES ? sampleBytes >> 2 : sampleBytes;
    const raw = readSamples(path, want, opts.quote === '' ? -1 : (opts.quote ?? '"').charCodeAt(0));
    // Windows-1252 files: the samples as the UTF-8 the partitions will read (offsets in that text)
    const { head, tail, size, mtimeMs, fileSize } = isLatin1(opts.encoding) ? { ...raw, head: latin1ToUtf8(raw.head), tail: raw.tail && latin1ToUtf8(raw.tail), size: raw.size === raw.head.length ? latin1ToUtf8(raw.head).length : Number.POSITIVE_INFINITY } : raw;
    sampled += head.length + (tail?.length ?? 0);
    if (size === 0) throw new Error(`readCsv: ${path} is empty (expected ${opts.header === false ? 'data rows' : 'a header row'})`);
    checkTextEncoding(head, path);
    const eof = head.length === size;
    let start = skipLines(head, hasBom(head) ? 3 : 0, skipRows, eof, path);
    // Excel's first line `sep=;` names the delimiter: taken (unless one is given) and skipped
    const excel = excelSeparator(head, start);
    if (excel !== null) {
      if (layout === null && given === null) given = excel.delimiter;
      start = excel.next;
    }
    if (layout === null) {
      const quote = (opts.quote ?? '"').charCodeAt(0);
      const comment = opts.comment ? enc.encode(opts.comment) : null;
      const sniffed = () => String.fromCharCode(sniffDelimiter(head.subarray(start), quote, opts.decimal === ',' ? 0x2c : -1, comment));
      const dialect = resolveDialect(opts, given ?? sniffed());
      // a row whose first field is empty starts with the delimiter: it would be skipped as a comment
      if (dialect.comment !== null && dialect.comment[0] === dialect.delimiter[0]) throw new TypeError(`readCsv: the comment prefix ${JSON.stringify(dialect.comment)} starts with the delimiter ${JSON.stringify(dialect.delimiter)}: every row whose first field is empty would be skipped; pass another comment prefix: comment: '#' (--comment '#')`);
      layout = settleLayout(head, start, eof, path, dialect, opts, nulls);
      // (a header of one name without a comma over `1,5` lines is a one-column file of decimal commas: read)
      const oneName = layout.rawHeader !== null && layout.rawHeader.length === 1 && !layout.rawHeader[0].includes(',');
      if (given === null && opts.decimal === ',' && layout.names.length === 1 && !oneName && head.subarray(start).includes(0x2c) && sniffDelimiter(head.subarray(start), quote, -1, comment) === 0x2c) {
        // a comma-separated file told its decimals are commas: every line would be one column
        throw new TypeError(`readCsv: ${path} looks comma-separated (its lines hold commas and no other delimiter), but decimal: ',' (--decimal ,) makes the comma a decimal mark, so each line would be read as one column; pass the delimiter that separates its fields (delimiter: ';', --delimiter ';'), or leave decimal out`);
      }
      stats = layout.names.map(() => new ColumnStats());
      sketches = layout.names.map(() => new DistinctSketch());
      rowHashes = new RowHashes(layout.names.length);
    }
    const L: Layout = layout;
    let dataStart = start;
    if (L.header) {
      const first = tokenizeRows(head, start, head.length, L.bytes, { eof, maxRows: 1, where: path });
      if (first.rows.length === 0) throw new Error(`readCsv: ${path}: the header row is longer than ${want} bytes or missing${skipRows > 0 ? ` (after skipping ${skipRows} lines)` : ''}; pass sampleSize (--sample-size) to read more`);
      const raw = first.rows[0].fields;
      if (!sameHeader(L.rawHeader!, raw, L.dialect.trailingDelimiter)) {
        // often not other columns but another dialect: the delimiter (a .tsv beside .csv files) or a trailing one
        const own = given === null ? String.fromCharCode(sniffDelimiter(head.subarray(start), L.bytes.quote, -1, L.bytes.comment)) : L.dialect.delimiter;
        const name = (d: string): string => (d === '\t' ? 'tab' : JSON.stringify(d));
        const why = own !== L.dialect.delimiter ? ` (its delimiter looks like ${name(own)}, ${L.headerFile}'s is ${name(L.dialect.delimiter)})`
          : raw.length === L.rawHeader!.length + 1 && raw[raw.length - 1] === '' ? ' (its lines end with a delimiter)' : '';
        throw new Error(`readCsv: files have different headers: ${L.headerFile} has [${L.rawHeader!.join(', ')}] but ${path} has [${raw.join(', ')}]${why}; unionByName: true [--union-by-name] reads them aligned by name, each file in its own dialect`);
      }
      dataStart = first.next;
    }
    files.push({ path, size: fileSize, mtimeMs, dataStart });
    const lineOf = lineCounter(head);
    const rows = observe(head, dataStart, eof, L, stats, sampleNulls, (at) => `${path} line ${lineOf(at)}`, path, sketches, rowHashes, quoted);
    dataRows += rows;
    headBytes += head.length - dataStart;
    if (!eof) unsampled += fileSize - head.length;
    if (tail) observeTail(tail, L, stats, sampleNulls, () => `${path} (near its end)`, rowHashes);
  }
  if (layout === null) throw new Error('readCsv: no files');
  const header = layout.names;

  const dateCols = opts.parseDates === true ? null : new Set(opts.parseDates === false ? [] : opts.parseDates ?? []);
  for (const name of dateCols ?? []) {
    if (!header.includes(name)) throw unknownColumn('parseDates', name, header);
  }
  for (const name of Object.keys(opts.dtypes ?? {})) {
    if (!header.includes(name)) throw unknownColumn('dtypes', name, header);
  }
  const dateFormats: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, format] of Object.entries(opts.dateFormats ?? {})) {
    if (!header.includes(name)) throw unknownColumn('dateFormats', name, header);
    const dtype = opts.dtypes?.[name];
    if (dtype !== undefined && dtype !== 'timestamp' && dtype !== 'date') throw new Error(`readCsv: dateFormats.${name} reads a timestamp or a date, but dtypes.${name} is ${dtype}`);
    dateFormats[name] = checkDateFormat(name, format);
  }
  const schema: Field[] = header.map((name, i) => {
    const given = opts.dtypes && Object.hasOwn(opts.dtypes, name) ? opts.dtypes[name] : undefined;
    if (given) return { name, dtype: given };
    if (dateFormats[name] !== undefined) return { name, dtype: 'timestamp' };
    const st = stats[i];
    if (dateCols === null) return { name, dtype: st.dateType() ?? st.plainType() };
    if (dateCols.has(name)) {
      if (st.dateType() === null && st.nonDate > 0 && opts.dateErrors !== 'null') {
        const format = guessDateFormat(st.nonDateExample ?? '');
        const given = format === null ? '' : `give their format, dateFormats: { ${JSON.stringify(name)}: '${format}' } (--date-format '${name}=${format}'), or `;
        throw new Error(`readCsv: parseDates column ${JSON.stringify(name)} has values that are not ISO dates, e.g. ${JSON.stringify(st.nonDateExample)} at ${st.nonDateFile}; ${given}pass dateErrors: 'null' (--date-errors null) to read them as null`);
      }
      return { name, dtype: 'timestamp' };
    }
    return { name, dtype: st.plainType() };
  });
  const typeNotes = Object.create(null) as Record<string, string>;
  const valueless: string[] = [];
  schema.forEach((f, i) => {
    if (options.otherFiles?.[f.name] !== undefined && callerTypes[f.name] === undefined) {
      typeNotes[f.name] = `typed ${f.dtype} by the other files read with unionByName`;
      return;
    }
    if (f.dtype !== 'string' || opts.dtypes?.[f.name] !== undefined) return;
    const st = stats[i];
    if (st.strExample !== null && dataRows > 0) typeNotes[f.name] = `inferred from the value ${JSON.stringify(st.strExample)} at ${st.strWhere}${numberHint(st.strExample, layout!.dialect)}`;
    else if (dataRows === 0 || st.nonDate + st.date + st.ts === 0) {
      typeNotes[f.name] = dataRows === 0 ? NO_DATA_ROWS : 'the sampled rows hold no values in it to infer a type from';
      valueless.push(f.name);
    }
  });
  return {
    format: 'csv',
    files, schema,
    delimiter: layout.bytes.delimiter[0],
    dialect: layout.dialect,
    header: layout.header,
    headerSniffed: layout.headerSniffed,
    skipRows,
    nullValues,
    dateErrorsNull: opts.dateErrors === 'null',
    onBadLines: opts.onBadLines ?? 'error',
    lossyUtf8: opts.encoding === 'utf8-lossy',
    latin1: isLatin1(opts.encoding),
    onTypeMismatch: opts.onTypeMismatch ?? 'error',
    dateFormats,
    typeNotes,
    valueless,
    givenTypes: schema.filter((f) => callerTypes[f.name] !== undefined).map((f) => f.name),
    ...distinctEstimates(header, sketches, dataRows, headBytes, unsampled),
    rowHashes: rowHashSample(header, rowHashes),
    ...(quoted.lineFeeds ? { quotedLineFeeds: true } : {}),
  };
}

/** Each column's estimated distinct values over all rows (rows not sampled are estimated from the sample's bytes per row). */
function distinctEstimates(names: readonly string[], sketches: readonly DistinctSketch[], rows: number, bytes: number, unsampled: number): { distinct: Record<string, number>; estimatedRows: number } {
  const total = rows + (bytes > 0 ? Math.round((unsampled * rows) / bytes) : 0);
  const distinct = Object.create(null) as Record<string, number>;
  names.forEach((name, i) => { distinct[name] = sketches[i].estimate(rows, total); });
  return { distinct, estimatedRows: total };
}

/**
 * From the first file's sample: header or not, the names, and whether rows end with a
 * trailing delimiter (set automatically unless trailingDelimiter is given).
 */
function settleLayout(head: Uint8Array, start: number, eof: boolean, path: string, dialect: CsvDialect, opts: InferOptions, nulls: Set<string>): Layout {
  let bytes = dialectBytes(dialect);
  const rows = tokenizeRows(head, start, head.length, bytes, { eof, where: path, maxRows: 200 }).rows;
  if (rows.length === 0) throw new Error(`readCsv: ${path}: no rows${opts.skipRows ? ` after skipping ${opts.skipRows} lines` : ''}${dialect.comment !== null ? ' that are not comments' : ''}`);
  const first = rows[0].fields;
  let header = opts.header !== false;
  let headerSniffed = false;
  const typeOfOne = (v: string): string | null => {
    const one = new ColumnStats();
    one.add(v, false, nulls, dialect);
    return one.nonDate + one.date + one.ts === 0 ? null : one.dateType() ?? one.plainType();
  };
  /** Column i's values in the rows after the first (rows of the first's width). */
  const statsAfterFirst = (i: number): ColumnStats => {
    const st = new ColumnStats();
    for (const r of rows.slice(1)) if (r.fields.length === first.length) st.add(r.fields[i], r.quoted[i], nulls, dialect);
    return st;
  };
  if (opts.header === undefined && first.every((v, i) => isNumber(typeOfOne(v)) && !rows[0].quoted[i]) && (rows.length === 1 || !isColumnNumbers(first))) {
    // a first row of numbers only, over columns of numbers only (or alone: `42`), is data (as
    // DuckDB's sniffer reads it): a numeric file without a header lost its first row to the names
    const numericColumns = rows.length === 1 || first.every((_, i) => {
      const st = statsAfterFirst(i);
      return isNumber(st.plainType()) && st.nonDate > 0;
    });
    if (numericColumns) { header = false; headerSniffed = true; }
  }
  if (opts.header === 'auto') {
    const shapes = first.map((_, i) => {
      const st = statsAfterFirst(i);
      const dtype = st.dateType() ?? st.plainType();
      const fits = (v: string): boolean => {
        const t = typeOfOne(v);
        return t === null || t === dtype || (dtype === 'float64' && t === 'int64') || (dtype === 'timestamp' && t === 'date');
      };
      return { dtype, fits };
    });
    header = sniffHeader(first, shapes);
    headerSniffed = true;
  }
  const data = header ? rows.slice(1) : rows;
  let width = first.length;
  let trailing = dialect.trailingDelimiter;
  if (opts.trailingDelimiter === undefined) {
    if (header && width > 1 && endsEmpty(rows[0])) {
      // `a,b,` over `1,2,`: the empty last name is a trailing delimiter when no row has a value there
      trailing = data.every((r) => r.fields.length === width - 1 || (r.fields.length === width && endsEmpty(r)));
    } else {
      // `a,b` over `1,2,`: data rows only end with a delimiter
      const longer = data.filter((r) => r.fields.length !== width);
      trailing = longer.length > 0 && longer.every((r) => r.fields.length === width + 1 && endsEmpty(r));
      if (trailing) width++;
    }
  }
  if (trailing) width--;
  if (trailing !== dialect.trailingDelimiter) {
    dialect = { ...dialect, trailingDelimiter: trailing };
    bytes = dialectBytes(dialect);
  }
  const rawHeader = header ? first.slice(0, width) : null;
  // R's write.table (row.names = TRUE): a header of one field fewer than every row, whose first
  // field is the row's name — read as a first column `Unnamed: 0`, as pandas does (refused before,
  // and the advised onBadLines: 'skip' dropped every row)
  const rowNames = rawHeader !== null && opts.names === undefined && !trailing && data.length > 0 && data.every((r) => r.fields.length === width + 1) && !data.every(endsEmpty) && !headerAmongData(data, typeOfOne);
  if (rowNames) width++;
  // a header of one name over rows of two fields of digits (`Betrag` over `1,5`): R's row names, or
  // numbers with a decimal comma — read as the former (as pandas does), said once, with the fix
  if (rowNames && width === 2 && dialect.delimiter === ',' && !warnedRowNames.has(path) && data.every((r) => !r.quoted[0] && !r.quoted[1] && /^[+-]?\d+$/.test(r.fields[0]) && /^\d+$/.test(r.fields[1]))) {
    warnedRowNames.add(path);
    process.emitWarning(`${path}: its header has one name (${quotedNames(rawHeader!)}) and its rows two fields of digits (${data[0].fields.join(',')}): read as R's row names and that column; if they are numbers with a decimal comma, pass decimal: ',' (--decimal ,)`, 'FloeWarning');
  }
  if (header && !trailing && !rowNames) checkLeadingLines(rows, width, path, opts, dialect);
  let names: string[];
  if (opts.names !== undefined) {
    if (opts.names.length !== width) {
      throw new TypeError(`readCsv: names has ${opts.names.length} name${opts.names.length === 1 ? '' : 's'} but the ${header ? 'header' : 'first row'} of ${path} has ${width} field${width === 1 ? '' : 's'}${header ? ` (${quotedNames(rawHeader!)})` : ''}`);
    }
    names = uniqueNames(opts.names);
  } else {
    names = rawHeader ? uniqueNames(rowNames ? ['', ...rawHeader] : rawHeader) : defaultNames(width);
  }
  return { dialect, bytes, header, headerSniffed, rawHeader, names, width, headerFile: path };
}

const isNumber = (dtype: string | null): boolean => dtype === 'int64' || dtype === 'float64';

/** Files warned of reading R's row names where decimal commas were as likely (once a file, however often it is sampled). */
const warnedRowNames = new Set<string>();

/** A first line `sep=X` (Excel writes it to name the delimiter): X, and where the next line starts; else null. */
function excelSeparator(head: Uint8Array, start: number): { delimiter: string; next: number } | null {
  // s e p = X, then LF or CR LF
  if (head[start] !== 0x73 || head[start + 1] !== 0x65 || head[start + 2] !== 0x70 || head[start + 3] !== 0x3d) return null;
  const x = head[start + 4];
  const lf = head[start + 5] === 0x0d ? start + 6 : start + 5;
  if (x === undefined || x === 0x0a || x === 0x0d || head[lf] !== 0x0a) return null;
  return { delimiter: String.fromCharCode(x), next: lf + 1 };
}

/** A row whose last field is empty and unquoted (`1,2,`: a trailing delimiter's shape). */
const endsEmpty = (r: TokenizedRow): boolean => r.fields[r.fields.length - 1] === '' && !r.quoted[r.fields.length - 1];

/** `0,1,2,…` or `1,2,3,…` (three or more): the column labels pandas writes for a frame made from an array (`to_csv(index=False)`), a header. */
function isColumnNumbers(first: readonly string[]): boolean {
  if (first.length < 3) return false; // `1` over 0/1 labels, `1,2` over an edge list: data
  const start = Number(first[0]);
  return (start === 0 || start === 1) && first.every((v, i) => v.trim() === String(start + i));
}

/**
 * Whether the first of `data` reads as a header rather than a row: text where the rows after it
 * hold numbers (`a,b,c` over `1,2,3`). Then the line above it was a title, not R's header over
 * row names (`Report, 2020` over `a,b,c` read as a file with row names, silently).
 */
function headerAmongData(data: readonly TokenizedRow[], typeOfOne: (v: string) => string | null): boolean {
  if (data.length < 2) return false;
  const first = data[0].fields;
  for (let j = 1; j < first.length; j++) {
    const t = typeOfOne(first[j]);
    if (t === null || isNumber(t)) continue;
    const later = data.slice(1).map((r) => typeOfOne(r.fields[j])).filter((t) => t !== null);
    if (later.length > 0 && later.every(isNumber)) return true;
  }
  return false;
}

/**
 * Title or comment lines before the header (`# produced by …`, `Monthly report 2020`): the first
 * was taken for the header, and the rows after the first few all have more fields than it. An
 * error naming the options that skip them — unless the header is also read another way
 * (trailing delimiters, R row names) or bad lines are to be dropped anyway (they read as one
 * column, or onBadLines: 'skip' dropped every row).
 */
function checkLeadingLines(rows: readonly TokenizedRow[], width: number, path: string, opts: InferOptions, dialect: CsvDialect): void {
  if ((opts.onBadLines ?? 'error') !== 'error' || rows.length < 2) return;
  const isHash = (r: TokenizedRow): boolean => r.fields[0].startsWith('#') && !r.quoted[0];
  if (dialect.comment === null && isHash(rows[0])) {
    // # lines here and there (and one taken for the header): the other rows agree on a wider width
    const data = rows.filter((r) => !isHash(r));
    const w = data[0]?.fields.length ?? 0;
    if (data.length >= 2 && w > width && data.every((r) => r.fields.length === w)) {
      const leading = rows.findIndex((r) => !isHash(r));
      const skip = rows.slice(leading).some(isHash) ? '' : `, or skipRows: ${leading} (--skip-rows ${leading})`;
      throw new Error(`readCsv: ${path}: the first line starts with # and has ${rows[0].fields.length} field${rows[0].fields.length === 1 ? '' : 's'}, but the other lines have ${w} (split by ${JSON.stringify(dialect.delimiter)}): if # starts comment lines, pass comment: '#' (--comment '#')${skip}`);
    }
  }
  // the first row from which every row has one width, wider than the header's
  const last = rows[rows.length - 1].fields.length;
  let from = rows.length - 1;
  while (from > 0 && rows[from - 1].fields.length === last) from--;
  // a title is a few lines at the top, not most of the sample (a ragged end made its rows "leading")
  if (from === 0 || from > 10 || from * 2 > rows.length || last <= width || rows.length - from < 2) return;
  // wider rows that all end empty: trailing delimiters (refused at their row if turned off)
  if (rows.slice(from).every(endsEmpty)) return;
  const hashes = rows.slice(0, from).every((r) => r.fields[0].startsWith('#') && !r.quoted[0]);
  const lines = from === 1 ? 'the first line has' : `the first ${from} lines have`;
  const comment = hashes && dialect.comment === null ? "if they are comments, pass comment: '#' (--comment '#'), or " : 'if they are a title or notes, pass ';
  throw new Error(`readCsv: ${path}: ${lines} fewer fields than the ${rows.length - from} rows after them (${last}, split by ${JSON.stringify(dialect.delimiter)}): ${comment}skipRows: ${from} (--skip-rows ${from}) to start at the header`);
}

/** The offset after `n` lines from `start` (LF, CRLF or a lone CR end a line). */
function skipLines(buf: Uint8Array, start: number, n: number, eof: boolean, path: string): number {
  let p = start;
  for (let k = 0; k < n; k++) {
    while (p < buf.length && buf[p] !== LF && buf[p] !== CR) p++;
    if (p >= buf.length) {
      if (eof) throw new Error(`readCsv: ${path} has fewer than ${n + 1} lines; skipRows: ${n} skips them all`);
      throw new Error(`readCsv: ${path}: the ${n} lines to skip are longer than the sample; pass a larger sampleSize (--sample-size)`);
    }
    p += buf[p] === CR && buf[p + 1] === LF ? 2 : 1;
  }
  return p;
}

/**
 * The head and tail samples of a file. Each covers whole rows: the head grows (doubling) until
 * it holds at least MIN_HEAD_ROWS complete rows (or the whole file), the tail until it holds
 * MIN_TAIL_ROWS (or reaches the head), so rows longer than `sampleBytes` are still sampled.
 */
function readSamples(path: string, sampleBytes: number, quote: number): { head: Uint8Array; tail: Uint8Array | null; size: number; mtimeMs: number; fileSize: number } {
  if (isCompressedPath(path)) return compressedSamples(path, sampleBytes, quote);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new Error(`readCsv: cannot open ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    const { size, mtimeMs } = fstatSync(fd);
    let head = readAt(fd, path, 0, Math.min(size, sampleBytes));
    // the header row, then MIN_HEAD_ROWS data rows
    while (head.length < size && countRowEnds(head, 0, MIN_HEAD_ROWS + 1, quote) <= MIN_HEAD_ROWS) {
      head = readAt(fd, path, 0, Math.min(size, head.length * 2));
    }
    let tail: Uint8Array | null = null;
    const room = size - head.length;
    let tailLen = Math.min(sampleBytes >> 2, room);
    while (tailLen > 0) {
      tail = readAt(fd, path, size - tailLen, tailLen);
      // the first row end may close a row cut by the sample's start: it does not count
      if (tailLen === room || countRowEnds(tail, 0, MIN_TAIL_ROWS + 1, quote) > MIN_TAIL_ROWS) break;
      tailLen = Math.min(room, tailLen * 2);
    }
    return { head, tail, size, mtimeMs, fileSize: size };
  } finally {
    closeSync(fd);
  }
}

/** A compressed file's head sample (decompressed; `size` is Infinity unless the head is the whole text) and no tail. */
function compressedSamples(path: string, sampleBytes: number, quote: number): { head: Uint8Array; tail: null; size: number; mtimeMs: number; fileSize: number } {
  let want = sampleBytes;
  for (;;) {
    const { head, whole, size, mtimeMs } = decompressHead(path, want);
    if (whole || countRowEnds(head, 0, MIN_HEAD_ROWS + 1, quote) > MIN_HEAD_ROWS) return { head, tail: null, size: whole ? head.length : Number.POSITIVE_INFINITY, mtimeMs, fileSize: size };
    want = head.length * 2;
  }
}

/**
 * Sampled bytes after which further files get a quarter of the default sample (unless sampleSize is
 * given): a folder of 124 files of 2 MB spent 0.9 s on samples of 320 KB each, 16 % of its data.
 */
const FULL_SAMPLES = 8 * 1024 * 1024;

/** The encodings readCsv takes: UTF-8 (strict or lossy) or Windows-1252 (`latin1`). */
export type CsvEncoding = 'utf8' | 'utf8-lossy' | 'latin1' | 'windows-1252';

export const isLatin1 = (e: CsvEncoding | undefined): boolean => e === 'latin1' || e === 'windows-1252';

/** Complete rows the head sample must hold (as Polars' infer_schema_length), unless the file has fewer. */
export const MIN_HEAD_ROWS = 100;
const MIN_TAIL_ROWS = 25;

/** Row ends (LF, CRLF or a lone CR outside `quote`s; −1: no quoting) in buf[from…], counting up to `limit`. */
function countRowEnds(buf: Uint8Array, from: number, limit: number, quote: number): number {
  let n = 0;
  let inQ = false;
  for (let i = from; i < buf.length && n < limit; i++) {
    const c = buf[i];
    if (c === quote) inQ = !inQ;
    else if (!inQ && (c === 0x0a || (c === 0x0d && buf[i + 1] !== 0x0a))) n++;
  }
  return n;
}

function readAt(fd: number, path: string, pos: number, length: number): Uint8Array {
  const buf = new Uint8Array(length);
  let off = 0;
  while (off < buf.length) {
    const n = readSync(fd, buf, off, buf.length - off, pos + off);
    if (n === 0) throw fileChanged(path, 'it became shorter while its sample was read');
    off += n;
  }
  return buf;
}

/**
 * A tail sample's rows. Where it begins is unknown: after its first newline (outside quotes), or
 * — when that newline lay inside a quoted field — after the first newline past the field's
 * closing quote. Text inside a multi-line quoted field can read as rows of the right width
 * ("see,abc,too"), typing an int column as text. The first lone quote tells which: one that
 * starts a field and is followed by text opens a field (the first start is right); one that
 * follows text and ends a field closes one (the second is). Where it could be either, both
 * starts are read: one that does not tokenize is dropped, and two that type some column
 * differently are ambiguous — then the tail counts for nothing (the head sample still does; the
 * scan checks every value against the types it settles).
 */
function observeTail(tail: Uint8Array, L: Layout, stats: ColumnStats[], nulls: SampleNulls, where: (at: number) => string, rowHashes: RowHashes): void {
  const nl = tail.indexOf(0x0a);
  if (nl < 0) return;
  let starts = [nl + 1];
  const q = L.bytes.quote;
  const at = q >= 0 ? firstLoneQuote(tail, nl + 1, q) : -1;
  if (at >= 0) {
    const d = L.bytes.delimiter;
    const fieldStart = at === nl + 1 || tail[at - 1] === d[d.length - 1] || tail[at - 1] === 0x0a;
    const fieldEnd = at + 1 >= tail.length || tail[at + 1] === 0x0a || tail[at + 1] === 0x0d || tail[at + 1] === d[0];
    const opens = fieldStart && !fieldEnd;
    const closes = !fieldStart && fieldEnd;
    const next = tail.indexOf(0x0a, at + 1);
    const inside = next > 0 ? next + 1 : -1;
    if (closes) starts = inside > 0 ? [inside] : [];
    else if (!opens && inside > 0) starts.push(inside);
  }
  const reads = starts.map((start) => tailRead(tail, start, L, stats, nulls, where, rowHashes.columns.length)).filter((r) => r !== null);
  if (reads.length === 0) return;
  if (reads.length === 2 && reads[0].stats.some((st, i) => !sameType(st, reads[1].stats[i]))) return;
  reads[0].stats.forEach((st, i) => { stats[i] = st; });
  // a file's last rows beside its first: a file written snapshot by snapshot repeats its keys there
  rowHashes.addFrom(reads[0].rows);
}

/** The head's stats with the tail's rows from `start` added (on copies), or null if they do not tokenize. */
function tailRead(tail: Uint8Array, start: number, L: Layout, stats: ColumnStats[], nulls: SampleNulls, where: (at: number) => string, cols: number): { stats: ColumnStats[]; rows: RowHashes } | null {
  const copies = stats.map((st) => st.copy());
  // a row takes at least a byte a column (its delimiters and newline): the tail's rows are at most that many
  const rows = new RowHashes(cols, Math.ceil(tail.length / Math.max(1, cols)));
  try {
    observe(tail, start, true, L, copies, nulls, where, '', null, rows);
  } catch {
    return null;
  }
  return { stats: copies, rows };
}

/** The first quote from `from` that is not one of a doubled pair, or -1. */
function firstLoneQuote(b: Uint8Array, from: number, q: number): number {
  for (let i = from; i < b.length; i++) {
    if (b[i] !== q) continue;
    if (b[i + 1] === q) { i++; continue; }
    return i;
  }
  return -1;
}

function sameType(a: ColumnStats, b: ColumnStats): boolean {
  return a.dateType() === b.dateType() && a.plainType() === b.plainType();
}

function sameHeader(a: readonly string[], b: readonly string[], trailing: boolean): boolean {
  const n = trailing && b.length === a.length + 1 && b[a.length] === '' ? a.length : b.length;
  return a.length === n && a.every((x, i) => x.normalize('NFC') === b[i].normalize('NFC'));
}

/** The null values, as text and as bytes (with their lengths) for typing fields from bytes. */
interface SampleNulls {
  set: Set<string>;
  tokens: Uint8Array[];
  heads: Uint8Array;
  emptyIsNull: boolean;
}

/**
 * The 1-based line of byte `at` of `buf`, counted on from the byte asked before (rows are asked in
 * order): counting from the start at each ask made a wide file quadratic — its first row is asked
 * once per column (100 000 columns of one row: over 2 minutes for a 1.8 MB file).
 */
function lineCounter(buf: Uint8Array): (at: number) => number {
  let from = 0;
  let line = 1;
  return (at) => {
    if (at < from) { from = 0; line = 1; }
    line += linesBetween(buf, from, at);
    from = at;
    return line;
  };
}

/**
 * Types the sampled rows of buf[start…] into `stats`; returns how many rows. Fields are typed from
 * their bytes where that is certain (null tokens, ISO dates, plain integers and decimals: most of
 * a sample), the rest from their text; a column already typed text (`str`) is only hashed for the
 * distinct estimates, since no later value can change its type. `where(rowStart)`: the place of a
 * row, for the example that makes a column text (asked once per column at most).
 */
function observe(buf: Uint8Array, start: number, eof: boolean, L: Layout, stats: ColumnStats[], nulls: SampleNulls, where: (at: number) => string, path: string, sketches: readonly DistinctSketch[] | null = null, rowHashes: RowHashes | null = null, quoted: { lineFeeds: boolean } | null = null): number {
  const { tokens, heads, emptyIsNull } = nulls;
  const trailing = L.dialect.trailingDelimiter;
  // decimals are read from their bytes only where a point is the decimal mark and nothing groups thousands
  const plainDecimals = L.dialect.decimal === '.' && L.dialect.thousands === null;
  let rows = 0;
  scanRowRanges(buf, start, buf.length, L.bytes, { eof, where: path }, (r, rowStart) => {
    rows++;
    const n = r.n;
    // ragged rows are reported (or skipped) by the scan
    if (n !== stats.length && !(trailing && n === stats.length + 1 && r.ends[n - 1] === r.starts[n - 1])) return;
    const record = rowHashes !== null && rowHashes.begin();
    for (let i = 0; i < stats.length; i++) {
      const st = stats[i];
      const s = r.starts[i];
      const e = r.ends[i];
      const len = e - s;
      // the value's own bytes only: indexOf from s ran on to the next line feed (the row's end) for
      // every quoted value, over the whole row again and again in a file of quoted columns
      if (quoted !== null && r.quoted[i] === 1 && !quoted.lineFeeds) {
        for (let j = s; j < e; j++) {
          if (buf[j] === 0x0a) { quoted.lineFeeds = true; break; }
        }
      }
      // a quoted value is never null unless empty; its bytes are its text whenever addBytes takes it (digits, an ISO date)
      if (r.quoted[i] === 1 ? len === 0 : len === 0 ? emptyIsNull : len * 256 < heads.length && heads[len * 256 + buf[s]] === 1 && matchesNullToken(buf, s, e, tokens, emptyIsNull)) {
        if (record) rowHashes.set(i, null);
        continue;
      }
      if (record || (sketches !== null && sketches[i].counting)) {
        const h = byteHash(buf, s, e);
        sketches?.[i].add(h);
        if (record) rowHashes.set(i, h);
      }
      // text once, text for good: plainType says string, dateType nothing (nonDate > 0), whatever follows
      if (st.str > 0) continue;
      if (st.addBytes(buf, s, e, plainDecimals)) {
        if (st.nonDate > 0 && st.nonDateFile === '') { st.nonDateExample = fieldText(buf, r, i, L.bytes); st.nonDateFile = where(rowStart); }
        continue;
      }
      const v = fieldText(buf, r, i, L.bytes);
      st.add(v, r.quoted[i] === 1, nulls.set, L.dialect);
      if (st.str > 0 && st.strExample === null) {
        st.strExample = v.length > 60 ? `${v.slice(0, 60)}…` : v;
        // a comment line read as data: say so where the type is explained
        st.strWhere = `${where(rowStart)}${buf[rowStart] === 0x23 && L.bytes.comment === null ? ", a line that starts with # (if it is a comment, pass comment: '#' or --comment '#')" : ''}`;
      }
      if (st.nonDate > 0 && st.nonDateFile === '') st.nonDateFile = where(rowStart);
    }
  });
  return rows;
}

class ColumnStats {
  bool = 0;
  int = 0;
  float = 0;
  date = 0;
  ts = 0;
  str = 0;
  nonDate = 0;
  nonDateExample = '';
  /** Where nonDateExample is (set by observe). */
  nonDateFile = '';
  /** The first value read as text, and where it is. */
  strExample: string | null = null;
  strWhere = '';

  /**
   * A value that is not null, typed from its bytes when it is an ISO date or timestamp, a plain
   * integer of at most 18 digits, or (`decimals`: the default dialect) a decimal as FLOAT reads it
   * with a point or an exponent (true); anything else is left to add (false).
   */
  addBytes(b: Uint8Array, s: number, e: number, decimals: boolean): boolean {
    const len = e - s;
    if (len >= 10 && b[s + 4] === 0x2d && b[s + 7] === 0x2d) {
      if (isDateOnly(b, s, e)) { this.date++; return true; }
      if (!Number.isNaN(parseTimestampParts(b, s, e))) { this.ts++; return true; }
      return false;
    }
    const from = len > 0 && (b[s] === 0x2d || b[s] === 0x2b) ? s + 1 : s;
    let i = from;
    while (i < e && b[i] >= 0x30 && b[i] <= 0x39) i++;
    if (i === e) {
      if (i === from || e - from > 18) return false;
      this.nonDate++;
      this.int++;
      return true;
    }
    if (!decimals || !isDecimalTail(b, from, i, e)) return false;
    this.nonDate++;
    this.float++;
    return true;
  }

  copy(): ColumnStats {
    return Object.assign(new ColumnStats(), this);
  }

  add(v: string, quoted: boolean, nulls: Set<string>, dialect: CsvDialect): void {
    if (quoted ? v === '' : nulls.has(v)) return;
    if (v.length >= 10 && v.charCodeAt(4) === 0x2d && v.charCodeAt(7) === 0x2d) {
      const bytes = enc.encode(v);
      if (isDateOnly(bytes, 0, bytes.length)) { this.date++; return; }
      if (!Number.isNaN(parseTimestampParts(bytes, 0, bytes.length))) { this.ts++; return; }
    }
    if (this.nonDate++ === 0) this.nonDateExample = v;
    const t = v.trim();
    if (t === '' && v !== '') { this.nonDate--; return; } // spaces only: null in a number column, kept in a text one
    const num = numberText(t, dialect);
    if (INT.test(num)) {
      if (num.length > 18 && (BigInt(num) < I64_MIN || BigInt(num) > I64_MAX)) this.float++;
      else this.int++;
    } else if (FLOAT.test(num) || INF.test(t)) this.float++;
    else if (BOOL.test(t)) this.bool++;
    else this.str++;
  }

  dateType(): DType | null {
    if (this.date + this.ts === 0 || this.nonDate > 0) return null;
    return this.ts > 0 ? 'timestamp' : 'date';
  }

  plainType(): DType {
    if (this.str > 0 || this.date + this.ts > 0) return 'string';
    if (this.bool > 0) return this.int + this.float > 0 ? 'string' : 'bool';
    if (this.float > 0) return 'float64';
    if (this.int > 0) return 'int64';
    return 'string'; // no values at all in the samples
  }
}

/**
 * Whether b[digitsEnd, e) completes a decimal that FLOAT matches and INT does not, after the
 * integer digits b[from, digitsEnd): an optional point and digits (some digits on one side of
 * it at least), then an optional exponent with digits; a point or an exponent is required.
 */
function isDecimalTail(b: Uint8Array, from: number, digitsEnd: number, e: number): boolean {
  let i = digitsEnd;
  let digits = digitsEnd - from;
  if (b[i] === 0x2e) {
    i++;
    const f = i;
    while (i < e && b[i] >= 0x30 && b[i] <= 0x39) i++;
    digits += i - f;
    if (digits === 0) return false;
    if (i === e) return true;
  } else if (digits === 0) return false;
  if (b[i] !== 0x65 && b[i] !== 0x45) return false;
  i++;
  if (i < e && (b[i] === 0x2d || b[i] === 0x2b)) i++;
  const x = i;
  while (i < e && b[i] >= 0x30 && b[i] <= 0x39) i++;
  return i === e && i > x;
}

/**
 * The dayjs format a date written another common way seems to be in (`01/15/2024`: MM/DD/YYYY,
 * `15/01/2024`: DD/MM/YYYY, `15.01.2024`, `12-Jun-98`, `2024/01/15`), with a time of day when it
 * has one; null for anything else. Only a suggestion for an error message: the user says it.
 */
export function guessDateFormat(v: string): string | null {
  const m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T](\d{1,2}):\d{2}(:\d{2})?)?$/.exec(v.trim());
  const time = (hours: string | undefined, secs: string | undefined): string => (hours === undefined ? '' : secs === undefined ? ' HH:mm' : ' HH:mm:ss');
  if (m !== null) {
    const sep = m[2];
    const dayFirst = Number(m[1]) > 12 || sep === '.';
    return `${dayFirst ? `DD${sep}MM` : `MM${sep}DD`}${sep}YYYY${time(m[5], m[6])}`;
  }
  const y = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[ T](\d{1,2}):\d{2}(:\d{2})?)?$/.exec(v.trim());
  if (y !== null) return `YYYY/MM/DD${time(y[4], y[5])}`;
  const mon = /^(\d{1,2})[- ]([A-Za-z]{3})[- ](\d{2}|\d{4})$/.exec(v.trim());
  if (mon !== null) return `D-MMM-${mon[3].length === 2 ? 'YY' : 'YYYY'}`.replace(/-/g, v.includes(' ') ? ' ' : '-');
  // 20240105: a date's digits run together (a month 01–12 and a day 01–31 where they would be)
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(v.trim());
  if (compact !== null && Number(compact[2]) >= 1 && Number(compact[2]) <= 12 && Number(compact[3]) >= 1 && Number(compact[3]) <= 31) return 'YYYYMMDD';
  return null;
}

/**
 * `; …` naming the options that read a value as a number when it is one written with grouped
 * thousands or a decimal comma (`1,234`, `1,50`, `1.234,50`) that the dialect did not expect;
 * '' for any other value.
 */
export function numberHint(v: string, dialect: CsvDialect): string {
  const t = v.trim();
  if (dialect.thousands === null && dialect.decimal === '.' && /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return `; if it is a number with its thousands grouped by commas, pass thousands: ',' (--thousands ,)`;
  if (dialect.decimal === '.' && dialect.delimiter !== ',' && /^[+-]?\d+,\d+$/.test(t)) return `; if it is a number with a decimal comma, pass decimal: ',' (--decimal ,)`;
  if (dialect.thousands === null && dialect.delimiter !== ',' && /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) return `; if it is a number written 1.234,50, pass decimal: ',' and thousands: '.' (--decimal , --thousands .)`;
  return '';
}

/** A number's text as JS reads it: thousands separators removed, a decimal comma made a point. */
export function numberText(t: string, dialect: CsvDialect): string {
  let s = t;
  if (dialect.thousands !== null && s.includes(dialect.thousands)) s = s.replaceAll(dialect.thousands, '');
  if (dialect.decimal === ',') s = s.includes('.') ? 'x' : s.replace(',', '.');
  return s;
}

function unknownColumn(option: string, name: string, header: readonly string[]): Error {
  const near = closestName(name, header);
  return new Error(`readCsv: ${option} names the column ${JSON.stringify(name)}, which is not in the header${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}; columns: ${quotedNames(header)}`);
}
