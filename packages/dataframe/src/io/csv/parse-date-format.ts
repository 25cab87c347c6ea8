/**
 * Dates in a user-given format (`dateFormats: { Date: 'D-MMM-YY' }`), parsed with dayjs'
 * customParseFormat tokens, strictly (the text must match the format exactly; `31/02/2020` is
 * not a date) and as UTC, like every naive timestamp in floe. Two-digit years (`YY`) are
 * 1969–2068, dayjs' rule.
 *
 * Off the hot path by design: the scan keeps such a column dictionary-encoded and calls this once
 * per distinct text (scan-rows.ts), never once per row. ISO columns keep the byte parser.
 */
import { createRequire } from 'node:module';
import type Dayjs from 'dayjs';
import type customParseFormat from 'dayjs/plugin/customParseFormat.js';
import type utc from 'dayjs/plugin/utc.js';

/** dayjs and its plugins, required the first time a format is used (~12 ms a thread for a file that has none). */
let loaded: typeof Dayjs | null = null;
function dayjsLib(): typeof Dayjs {
  if (loaded === null) {
    const require = createRequire(import.meta.url);
    const d = require('dayjs') as typeof Dayjs;
    d.extend(require('dayjs/plugin/customParseFormat.js') as typeof customParseFormat);
    d.extend(require('dayjs/plugin/utc.js') as typeof utc);
    loaded = d;
  }
  return loaded;
}

/** strftime's directives (Python, DuckDB, floe sql's strftime) as dayjs tokens. */
const STRFTIME: Record<string, string> = {
  Y: 'YYYY', y: 'YY', m: 'MM', d: 'DD', e: 'D', H: 'HH', I: 'hh', M: 'mm', S: 'ss', p: 'A',
  b: 'MMM', h: 'MMM', B: 'MMMM', f: 'SSS', z: 'ZZ', '%': '%',
};

/**
 * A strftime format (`%m/%d/%Y`, as Python and DuckDB write one: it matched nothing, read as dayjs
 * tokens) as dayjs tokens; the text between directives kept literal (letters bracketed, as dayjs
 * escapes them). A directive with no dayjs token is an error naming it.
 */
export function fromStrftime(format: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      out += /[A-Za-z]/.test(c) ? `[${c}]` : c;
      continue;
    }
    const d = format[++i];
    const token = d === undefined ? undefined : STRFTIME[d];
    if (token === undefined) throw new TypeError(`date format ${JSON.stringify(format)}: %${d ?? ''} has no counterpart floe reads; use %Y %y %m %d %e %H %I %M %S %p %b %B %f %z, or dayjs tokens (YYYY MM DD HH mm ss)`);
    out += token === '%' ? '[%]' : token;
  }
  return out;
}

/**
 * A parser for one format: text → milliseconds since the epoch, NaN when the text does not match.
 * Strict dayjs checks a parse by formatting it back, so on its own it wanted month names and
 * AM/PM in its own case, one-letter tokens unpadded (`01-JAN-68`, Oracle's export for
 * `D-MMM-YY`, and `01:30 pm` were refused) and a zone token (`Z`, `ZZ`) of +00:00 only (UTC
 * formatting): the text's case is tried as dayjs writes it, `D` also as `DD` (and M, H, h, m, s),
 * and a trailing zone is read apart and applied.
 */
export function dateFormatParser(given: string): (text: string) => number {
  const format = given.includes('%') ? fromStrftime(given) : given;
  const zone = /\s*Z{1,2}\s*$/.exec(format);
  const base = zone === null ? format : format.slice(0, zone.index);
  const words = /MMM|A|a|Do|dd/.test(base);
  // `D` formats 1, so strict dayjs refused 01 for it (DuckDB's %d takes both): the padded form too
  const padded = base.replace(/(?<![A-Za-z[])([DMHhms])(?![A-Za-z\]])/g, '$1$1');
  const formats = padded === base ? [base] : [base, padded];
  const dayjs = dayjsLib();
  const strict = (text: string): number => {
    for (const f of formats) {
      const d = dayjs.utc(text, f, true);
      if (d.isValid()) return d.valueOf();
      if (!words) continue;
      const cased = dayjs.utc(dayjsCase(text, f), f, true);
      if (cased.isValid()) return cased.valueOf();
    }
    return NaN;
  };
  return (raw) => {
    const text = raw.trim();
    if (zone === null) return strict(text);
    // +02:00, +0200 or +02 (hours alone, as ISO 8601 and Postgres write a whole-hour offset)
    const z = /\s*(Z|([+-])(\d{2})(?::?(\d{2}))?)$/i.exec(text);
    if (z === null) return NaN;
    const offset = z[1].toUpperCase() === 'Z' ? 0 : (z[2] === '-' ? -1 : 1) * (Number(z[3]) * 60 + Number(z[4] ?? 0)) * 60_000;
    return strict(text.slice(0, z.index)) - offset;
  };
}

/** Letters as dayjs writes them: month and day names capitalised (Jan), AM/PM as the format's A or a. */
function dayjsCase(text: string, format: string): string {
  return text.replace(/[A-Za-z]+/g, (w) => {
    if (/^(am|pm)$/i.test(w)) return /A/.test(format.replace(/MMM+|dd+/g, '')) ? w.toUpperCase() : w.toLowerCase();
    return w[0].toUpperCase() + w.slice(1).toLowerCase();
  });
}

/** Checks a format once, when the query is built: it must have at least one date token. */
export function checkDateFormat(column: string, format: unknown): string {
  if (typeof format !== 'string' || !/[YMD]/.test(format.includes('%') ? fromStrftime(format) : format)) {
    throw new TypeError(`dateFormats.${column} is ${JSON.stringify(format)}; give a dayjs format with a year, month or day token, e.g. 'D-MMM-YY', 'DD/MM/YYYY' or 'MMM D YYYY HH:mm' (or strftime's: '%d/%m/%Y')`);
  }
  return format;
}
