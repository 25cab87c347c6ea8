/**
 * Dates in a user-given format (`dateFormats: { Date: 'D-MMM-YY' }`), parsed with dayjs'
 * customParseFormat tokens, strictly (the text must match the format exactly; `31/02/2020` is
 * not a date) and as UTC, like every naive timestamp in floe. Two-digit years (`YY`) are
 * 1969–2068, dayjs' rule.
 *
 * Off the hot path by design: the scan keeps such a column dictionary-encoded and calls this once
 * per distinct text (scan-rows.ts), never once per row. ISO columns keep the byte parser.
 */
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(customParseFormat);
dayjs.extend(utc);

/** A parser for one format: text → milliseconds since the epoch, NaN when the text does not match. */
export function dateFormatParser(format: string): (text: string) => number {
  return (text) => {
    const d = dayjs.utc(text.trim(), format, true);
    return d.isValid() ? d.valueOf() : NaN;
  };
}

/** Checks a format once, when the query is built: it must have at least one date token. */
export function checkDateFormat(column: string, format: unknown): string {
  if (typeof format !== 'string' || !/[YMD]/.test(format)) {
    throw new TypeError(`dateFormats.${column} is ${JSON.stringify(format)}; give a dayjs format with a year, month or day token, e.g. 'D-MMM-YY', 'DD/MM/YYYY' or 'MMM D YYYY HH:mm'`);
  }
  return format;
}
