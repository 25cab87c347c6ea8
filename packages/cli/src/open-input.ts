/**
 * Opens the CSV input of a command as a lazy DataFrame: paths plus the read options, with
 * `--where` applied. Reads only the files' samples (to infer types), never the data.
 *
 * Columns used as dates (`year(Date)` in --by, --agg or --where; `Date > '2021-01-05'`) are read
 * as timestamps without asking, when they would otherwise be strings. Column names given to
 * --parse-dates or --dtype are checked against the header first, so a typo is a usage error.
 */
import { realpathSync, statSync } from 'node:fs';
import { MIN_BLOCKSIZE, closestName, parseByteSize, quotedNames, readCsv, readIpc, readNdjson, readParquet, type DataFrame, type DType, type Field, type NdjsonDType, type ReadCsvOptions } from 'floe/core';
import { impliedDates, textCompared, type Ast } from './grammar/ast.js';
import { parseExpr } from './grammar/parse-expr.js';
import { toCondition } from './grammar/to-expr.js';
import { kindLabel, resolveInputs, type InputKind } from './input-kind.js';
import type { ReadOptions, RunOptions } from './query-options.js';
import { startPoolEarly } from './early-pool.js';
import { UsageError } from './usage-error.js';

export interface InputOptions extends ReadOptions {
  where?: string;
  /** The command's --output, refused when it names one of the input files (the result would replace it). */
  output?: string;
}

export interface Input {
  /** The input with --where applied. */
  df: DataFrame;
  /** The input's columns (the same before and after --where). */
  schema: DataFrame['schema'];
}

/**
 * `asts`: the command's other parsed expressions (--by, --agg), checked for columns they use as
 * dates. `run`: the options the command's query will run with over the whole input — its pool is
 * started before the samples are read (early-pool.ts).
 */
export function openInput(paths: readonly string[], opts: InputOptions, asts: readonly Ast[] = [], run?: Partial<RunOptions>): Input {
  const where = opts.where !== undefined ? parseExpr(opts.where, '--where') : null;
  const implied = new Set<string>();
  const compared = new Set<string>();
  for (const a of where ? [...asts, where] : asts) { impliedDates(a, implied); textCompared(a, compared); }
  const df = openFrame(paths, opts, implied, compared, run);
  if (opts.output !== undefined) refuseInputAsOutput(opts.output, df.files.map((f) => f.path));
  const schema = df.schema;
  if (!where) return { df, schema };
  return { df: df.filter(toCondition(where, { option: '--where', schema, mode: 'row' })), schema };
}

/**
 * `floe head data.csv -n 2 --output data.csv` replaced the file it read with two of its rows: a
 * result file that is one of the inputs (through any link) is refused before anything is read.
 */
export function refuseInputAsOutput(output: string, inputs: readonly string[]): void {
  // a regular file only: /dev/stderr resolves to a socket or pipe that cannot be stat'ed
  const realFile = (p: string): string | null => {
    try {
      const r = realpathSync(p);
      return statSync(r).isFile() ? r : null;
    } catch {
      return null;
    }
  };
  const out = realFile(output);
  if (out === null) return;
  if (inputs.some((f) => realFile(f) === out)) throw new UsageError(`--output ${output} is one of the input files; the result would replace it — write it to another file`);
}

/** `implied`: columns the query uses as dates; `compared`: columns compared with other text, read as dates when their sample is all ISO dates. */
export function openFrame(paths: readonly string[], opts: ReadOptions, implied: ReadonlySet<string> = new Set(), compared: ReadonlySet<string> = new Set(), run?: Partial<RunOptions>): DataFrame {
  const input = resolveInputs(paths);
  if (run !== undefined) startPoolEarly(run, input.files);
  if (input.kind !== 'csv') return openTyped(input.kind, input.files, opts, implied, compared);
  return openCsv(input.files, opts, implied, compared);
}

const CSV_ONLY: Partial<Record<keyof ReadOptions, string>> = {
  parseDates: '--parse-dates', dtype: '--dtype', dateFormat: '--date-format', delimiter: '--delimiter', names: '--names',
  skipRows: '--skip-rows', comment: '--comment', quote: '--quote', escape: '--escape', strictQuotes: '--strict-quotes',
  decimal: '--decimal', thousands: '--thousands', trailingDelimiter: '--trailing-delimiter', nullValues: '--null-values', unionByName: '--union-by-name', sampleSize: '--sample-size',
  dateErrors: '--date-errors', onBadLines: '--on-bad-lines', encoding: '--encoding', onTypeMismatch: '--on-type-mismatch',
};

/** Parquet, Arrow IPC or JSON lines: typed files, so the CSV reading options do not apply (but JSON has no dates: --parse-dates does). */
function openTyped(kind: Exclude<InputKind, 'csv'>, files: string[], opts: ReadOptions, implied: ReadonlySet<string>, compared: ReadonlySet<string>): DataFrame {
  for (const [k, flag] of Object.entries(CSV_ONLY)) {
    if ((k === 'parseDates' || k === 'onBadLines' || k === 'dtype') && kind === 'ndjson') continue;
    const v = opts[k as keyof ReadOptions];
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) throw new UsageError(`${flag} applies to CSV input; the input is ${kindLabel(kind)}, whose columns are already typed`);
  }
  if (opts.header === false || opts.header === 'auto') throw new UsageError(`--header/--no-header apply to CSV input; the input is ${kindLabel(kind)}`);
  switch (kind) {
    case 'parquet': return readParquet(files);
    case 'ipc': return readIpc(files);
    default: return openNdjson(files, opts.parseDates ?? [], implied, compared, opts.onBadLines, opts.dtype ?? []);
  }
}

/** JSON lines (bad lines per --on-bad-lines): text columns named by --parse-dates ('*': every column whose sample is all dates), or used as dates (year(), a date compared), read as timestamps. */
function openNdjson(files: string[], given: readonly string[], implied: ReadonlySet<string>, compared: ReadonlySet<string>, onBadLines: ReadOptions['onBadLines'], typed: readonly (readonly [string, DType])[]): DataFrame {
  if (onBadLines === 'pad') throw new UsageError('--on-bad-lines pad applies to CSV input (rows with too few fields); JSON lines take error, skip or warn');
  // --dtype: a key typed otherwise by the sample, or one past it (no name check: it may be in no sample)
  const dtypes = Object.create(null) as Record<string, NdjsonDType>;
  for (const [name, type] of typed) {
    if (type === 'date') throw new UsageError(`--dtype ${name}=date: JSON lines read dates as timestamps; write --dtype ${name}=timestamp`);
    dtypes[name] = type;
  }
  const plain = readNdjson(files, { onBadLines, dtypes });
  const detected = detectDates(plain.schema, [...compared], () => readNdjson(files, { onBadLines, parseDates: true, dtypes }).schema);
  const { parseAll, dates } = dateColumns(plain.schema, given, new Set([...implied, ...detected.dates, ...detected.timestamps]), dtypes);
  return parseAll || dates.length > 0 ? readNdjson(files, { onBadLines, parseDates: parseAll ? true : dates, dtypes }) : plain;
}

/**
 * Of the text columns `names`, those whose sampled values are all ISO dates alone (`dates`) or
 * ISO timestamps (`timestamps`); `detect`: the schema with every such column read as dates.
 */
function detectDates(schema: readonly Field[], names: readonly string[], detect: () => readonly Field[]): { dates: string[]; timestamps: string[] } {
  const text = names.filter((c) => schema.find((f) => f.name === c)?.dtype === 'string');
  if (text.length === 0) return { dates: [], timestamps: [] };
  const detected = detect();
  const typeOf = (c: string): DType | undefined => detected.find((f) => f.name === c)?.dtype;
  return { dates: text.filter((c) => typeOf(c) === 'date'), timestamps: text.filter((c) => typeOf(c) === 'timestamp') };
}

/**
 * The columns to read as timestamps: those --parse-dates names (checked; '*' means all), and the
 * text columns the query uses as dates (year(Date)…, Date > '2021-01-05') that --dtype does not type.
 */
function dateColumns(schema: readonly Field[], given: readonly string[], implied: ReadonlySet<string>, dtypes: Readonly<Record<string, DType>>): { parseAll: boolean; dates: string[] } {
  const parseAll = given.includes('*');
  const dates = parseAll ? [] : given.map((c) => checkColumn(c, schema.map((f) => f.name), '--parse-dates'));
  for (const c of implied) {
    const f = schema.find((x) => x.name === c);
    if (f?.dtype === 'string' && !Object.hasOwn(dtypes, c) && !dates.includes(c)) dates.push(c);
  }
  return { parseAll, dates };
}

/** readCsv's options for the dialect and reading flags (query-options.ts' addDialectOptions; --names and --union-by-name where given). */
export function dialectOptions(opts: ReadOptions): ReadCsvOptions {
  const base: ReadCsvOptions = {};
  if (opts.delimiter !== undefined) base.delimiter = opts.delimiter;
  for (const k of ['header', 'names', 'skipRows', 'comment', 'quote', 'escape', 'strictQuotes', 'decimal', 'thousands', 'trailingDelimiter', 'nullValues', 'unionByName'] as const) {
    if (opts[k] !== undefined && !(k === 'header' && opts.header === true)) (base as Record<string, unknown>)[k] = opts[k];
  }
  if (opts.blocksize !== undefined) base.blocksize = atLeastMinimum(opts.blocksize);
  if (opts.sampleSize !== undefined) base.sampleSize = opts.sampleSize;
  if (opts.dateErrors !== undefined) base.dateErrors = opts.dateErrors;
  if (opts.onBadLines !== undefined) base.onBadLines = opts.onBadLines;
  if (opts.encoding !== undefined) base.encoding = opts.encoding;
  if (opts.onTypeMismatch !== undefined) base.onTypeMismatch = opts.onTypeMismatch;
  return base;
}

function openCsv(paths: readonly string[], opts: ReadOptions, implied: ReadonlySet<string>, comparedByQuery: ReadonlySet<string>): DataFrame {
  const base = dialectOptions(opts);
  const plain = read(paths, base);
  const header = plain.schema;
  const names = header.map((f) => f.name);
  const dtypes = Object.create(null) as Record<string, DType>; // column names are data, never prototype keys
  for (const [name, type] of opts.dtype ?? []) dtypes[checkColumn(name, names, '--dtype')] = type;
  const dateFormats = Object.create(null) as Record<string, string>;
  for (const [name, format] of opts.dateFormat ?? []) dateFormats[checkColumn(name, names, '--date-format')] = format;
  // the columns the user typed (--dtype, --date-format, --parse-dates) are read as given
  const given = opts.parseDates ?? [];
  const untyped = (c: string): boolean => !Object.hasOwn(dtypes, c) && !Object.hasOwn(dateFormats, c) && !given.includes(c) && !given.includes('*');
  // a typed copy (convert): every column whose sample is ISO dates, as if the query compared it with a date
  const compared: ReadonlySet<string> = opts.datesFromText === true ? new Set(names) : comparedByQuery;
  const detected = detectDates(header, [...new Set([...implied, ...compared])].filter(untyped), () => read(paths, { ...base, parseDates: true }).schema);
  // a column of dates alone is read as dates (a timestamp printed them at midnight: 2021-01-06 00:00:00)
  for (const c of detected.dates) dtypes[c] = 'date';
  const { parseAll, dates } = dateColumns(header, given, new Set([...implied, ...detected.timestamps.filter((c) => compared.has(c))]), dtypes);
  if (!parseAll && dates.length === 0 && Object.keys(dtypes).length === 0 && Object.keys(dateFormats).length === 0) return plain;
  try {
    return read(paths, { ...base, dtypes, dateFormats, parseDates: parseAll ? true : dates });
  } catch (err) {
    throw impliedDatesError(err, given);
  }
}

/**
 * A column read as dates only because the query uses it as one (year(Date), Date > '2021-01-05'),
 * whose text is not ISO: the error says so, and how to give its format or keep it text (the
 * engine's message named an option the user never passed: "parseDates column …, pass dateErrors: 'null'").
 */
function impliedDatesError(err: unknown, given: readonly string[]): unknown {
  const m = err instanceof Error ? /^readCsv: parseDates column ("(?:[^"\\]|\\.)*") has values that are not ISO dates, e\.g\. (.*?); (?:give their format, .*, or )?pass dateErrors/.exec(err.message) : null;
  if (m === null) return err;
  const name = JSON.parse(m[1]) as string;
  if (given.includes(name) || given.includes('*')) return err;
  return new UsageError(`the query uses ${m[1]} as a date (year(), month(), … of it, or a comparison with a date), but it has values that are not ISO dates, e.g. ${m[2]}; give its format with --date-format ${name}=FMT (e.g. MM/DD/YYYY), --date-errors null to read those as null, or --dtype ${name}=string to compare it as text`);
}

/** A --blocksize below the engine's floor is raised to it, with one warning that names the flag. */
function atLeastMinimum(size: string): string | number {
  if (parseByteSize(size) >= MIN_BLOCKSIZE) return size;
  process.emitWarning(`--blocksize ${size} is below the minimum of ${MIN_BLOCKSIZE / 1024}KB; using ${MIN_BLOCKSIZE / 1024}KB`, 'FloeWarning');
  return MIN_BLOCKSIZE;
}

function read(paths: readonly string[], options: ReadCsvOptions): DataFrame {
  try {
    return readCsv([...paths], options);
  } catch (err) {
    // readCsv reports a bad option value as a TypeError or RangeError; a bad file as Error
    if (err instanceof TypeError || err instanceof RangeError) throw new UsageError(err.message.replace(/^readCsv: /, ''));
    throw err;
  }
}

/** The column `name` names (matched as typed or NFC-normalised); else a usage error with the closest name and all names, quoted. */
export function checkColumn(name: string, names: readonly string[], option: string): string {
  if (names.includes(name)) return name;
  const nfc = name.normalize('NFC');
  if (names.includes(nfc)) return nfc;
  const near = closestName(name, names);
  throw new UsageError(`${option}: no column ${JSON.stringify(name)} in the files${near !== null ? `; did you mean ${JSON.stringify(near)}?${near.trim() !== near ? ' (names are shown quoted: this one has spaces)' : ''}` : ''}; columns: ${quotedNames(names)}`);
}
