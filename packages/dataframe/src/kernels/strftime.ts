/**
 * Timestamps and dates as text in a strftime format (`dt.strftime('%Y-%m')`, SQL's strftime), with
 * DuckDB's specifiers: %Y %y %m %d %H %I %M %S (each zero-padded; %-m, %-d … without the zero),
 * %p (AM/PM), %f (microseconds), %g (milliseconds), %n (nanoseconds), %j (day of the year), %a %A
 * %b %B (English names), %w (Sunday = 0), %u (Monday = 1), %U %W (week of the year, from Sunday /
 * Monday), %V %G (ISO week and year), %z (+00) and %Z (empty: times are UTC), %c %x %X (ISO
 * datetime, date, time) and %%. Each distinct value of a batch is formatted once.
 */
import type { Column } from './column.js';
import { civilFromDays, daysFromCivil, EXACT_US_MS, MS_PER_DAY, weekdayOfDays } from './civil-time.js';
import { DictionaryBuilder } from './dictionary-builder.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const SPECIFIERS = 'aAwudbhBmyYHIpMSfgnjUWVGzZcxX%';
const UNPADDED = 'dmyHIMSj';

/** A moment's calendar parts, as the specifiers read them. */
interface Parts { y: number; m: number; d: number; h: number; mi: number; s: number; us: number; days: number }

type Piece = string | ((p: Parts) => string);

const pad = (v: number, width: number): string => (v < 0 ? `-${String(-v).padStart(width, '0')}` : String(v).padStart(width, '0'));
const dayOfYear = (p: Parts): number => p.days - daysFromCivil(p.y, 1, 1) + 1;
const sundayFirst = (days: number): number => (weekdayOfDays(days) + 1) % 7;

function isoWeek(p: Parts): [week: number, year: number] {
  const thursday = p.days - weekdayOfDays(p.days) + 3;
  const ymd = new Int32Array(3);
  civilFromDays(thursday, ymd);
  return [Math.floor((thursday - daysFromCivil(ymd[0], 1, 1)) / 7) + 1, ymd[0]];
}

function specifier(c: string, padded: boolean): (p: Parts) => string {
  const num = (f: (p: Parts) => number, width: number) => (padded ? (p: Parts) => pad(f(p), width) : (p: Parts) => String(f(p)));
  switch (c) {
    case 'Y': return (p) => pad(p.y, 4);
    case 'y': return num((p) => ((p.y % 100) + 100) % 100, 2);
    case 'm': return num((p) => p.m, 2);
    case 'd': return num((p) => p.d, 2);
    case 'H': return num((p) => p.h, 2);
    case 'I': return num((p) => (p.h % 12 === 0 ? 12 : p.h % 12), 2);
    case 'M': return num((p) => p.mi, 2);
    case 'S': return num((p) => p.s, 2);
    case 'j': return num(dayOfYear, 3);
    case 'p': return (p) => (p.h < 12 ? 'AM' : 'PM');
    case 'f': return (p) => pad(p.us, 6);
    case 'g': return (p) => pad(Math.floor(p.us / 1000), 3);
    case 'n': return (p) => `${pad(p.us, 6)}000`;
    case 'a': return (p) => DAYS[sundayFirst(p.days)].slice(0, 3);
    case 'A': return (p) => DAYS[sundayFirst(p.days)];
    case 'w': return (p) => String(sundayFirst(p.days));
    case 'u': return (p) => String(weekdayOfDays(p.days) + 1);
    case 'b': case 'h': return (p) => MONTHS[p.m - 1].slice(0, 3);
    case 'B': return (p) => MONTHS[p.m - 1];
    case 'U': return (p) => pad(Math.floor((dayOfYear(p) - 1 + 7 - sundayFirst(p.days)) / 7), 2);
    case 'W': return (p) => pad(Math.floor((dayOfYear(p) - 1 + 7 - weekdayOfDays(p.days)) / 7), 2);
    case 'V': return (p) => pad(isoWeek(p)[0], 2);
    case 'G': return (p) => pad(isoWeek(p)[1], 4);
    case 'z': return () => '+00';
    case 'Z': return () => '';
    case 'c': return (p) => `${pad(p.y, 4)}-${pad(p.m, 2)}-${pad(p.d, 2)} ${pad(p.h, 2)}:${pad(p.mi, 2)}:${pad(p.s, 2)}`;
    case 'x': return (p) => `${pad(p.y, 4)}-${pad(p.m, 2)}-${pad(p.d, 2)}`;
    case 'X': return (p) => `${pad(p.h, 2)}:${pad(p.mi, 2)}:${pad(p.s, 2)}`;
    default: return () => '%';
  }
}

/** The format as literal text and specifiers; a TypeError naming a specifier it does not know. */
export function compileStrftime(format: string): Piece[] {
  const pieces: Piece[] = [];
  let text = '';
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') { text += format[i]; continue; }
    const unpadded = format[i + 1] === '-';
    const c = format[unpadded ? i + 2 : i + 1];
    if (c === undefined || !SPECIFIERS.includes(c) || (unpadded && !UNPADDED.includes(c))) {
      throw new TypeError(`strftime: ${JSON.stringify(`%${unpadded ? '-' : ''}${c ?? ''}`)} in ${JSON.stringify(format)} is not a format specifier floe knows; specifiers: ${[...SPECIFIERS].map((s) => `%${s}`).join(' ')} (and %-d %-m %-y %-H %-I %-M %-S %-j without the leading zero)`);
    }
    if (c === '%') { text += '%'; i++; continue; }
    if (text !== '') { pieces.push(text); text = ''; }
    pieces.push(specifier(c, !unpadded));
    i += unpadded ? 2 : 1;
  }
  if (text !== '') pieces.push(text);
  return pieces;
}

/** A timestamp (ms, microseconds as the fraction) or date (days) column's values as text in `format`, dictionary-encoded. */
export function strftimeColumn(a: Column, format: string, n: number): Column {
  const pieces = compileStrftime(format);
  const values = a.values as Float64Array | Int32Array;
  const isDate = a.dtype === 'date';
  const built = new DictionaryBuilder();
  const byValue = new Map<number, number>();
  const out = new Int32Array(n);
  const ymd = new Int32Array(3);
  for (let i = 0; i < n; i++) {
    if (a.valid !== null && a.valid[i] === 0) continue;
    const v = values[i];
    let code = byValue.get(v);
    if (code === undefined) {
      code = built.code(render(pieces, parts(v, isDate, ymd)));
      byValue.set(v, code);
    }
    out[i] = code;
  }
  return { dtype: 'string', length: n, values: out, valid: a.valid, dict: built.dict };
}

function parts(v: number, isDate: boolean, ymd: Int32Array): Parts {
  let ms = isDate ? v * MS_PER_DAY : Math.floor(v);
  let us = isDate || Math.abs(v) >= EXACT_US_MS ? 0 : Math.round((v - ms) * 1000);
  if (us === 1000) { ms += 1; us = 0; }
  const days = Math.floor(ms / MS_PER_DAY);
  const rem = ms - days * MS_PER_DAY;
  civilFromDays(days, ymd);
  return { y: ymd[0], m: ymd[1], d: ymd[2], h: Math.floor(rem / 3_600_000), mi: Math.floor((rem % 3_600_000) / 60_000), s: Math.floor((rem % 60_000) / 1000), us: (rem % 1000) * 1000 + us, days };
}

function render(pieces: Piece[], p: Parts): string {
  let s = '';
  for (const piece of pieces) s += typeof piece === 'string' ? piece : piece(p);
  return s;
}
