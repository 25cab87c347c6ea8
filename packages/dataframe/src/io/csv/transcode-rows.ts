/**
 * Rewrites rows from the general tokenizer as canonical CSV bytes for the hot-path scanner, so
 * that dialects the scanner cannot read directly (multi-character delimiters, escape
 * characters, comment lines) are still typed by the one scanner, with the same null, number
 * and error rules. The canonical form: fields separated by 0x1F (the ASCII unit separator,
 * never a decimal separator), quoted with `"` when they were quoted or hold a quote, 0x1F or a
 * line break, rows ended by LF. Remembers where each row started in the file, for messages.
 */
import type { TokenizedRow } from './tokenize.js';

export const CANONICAL_DELIMITER = 0x1f;
const SEP = String.fromCharCode(CANONICAL_DELIMITER);
const NEEDS_QUOTES = /["\r\n]/;

export class RowTranscoder {
  private out = new Uint8Array(1 << 16);
  private readonly enc = new TextEncoder();
  /** Offset of each row in the canonical bytes, and of the same row in the file. */
  private starts: number[] = [];
  private fileStarts: number[] = [];

  /** Canonical bytes of `rows` (whose `start` is relative to `base` in the file). */
  encode(rows: readonly TokenizedRow[], base: number): Uint8Array {
    this.starts = [];
    this.fileStarts = [];
    let len = 0;
    for (const row of rows) {
      this.starts.push(len);
      this.fileStarts.push(base + row.start);
      const text = `${row.fields.map((f, i) => (row.quoted[i] || NEEDS_QUOTES.test(f) || f.includes(SEP) ? `"${f.replaceAll('"', '""')}"` : f)).join(SEP)}\n`;
      const need = len + text.length * 3;
      if (need > this.out.length) {
        const bigger = new Uint8Array(Math.max(need, this.out.length * 2));
        bigger.set(this.out.subarray(0, len));
        this.out = bigger;
      }
      len += this.enc.encodeInto(text, this.out.subarray(len)).written;
    }
    return this.out.subarray(0, len);
  }

  /** The file offset of the row holding canonical offset `at`. */
  fileOffset(at: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return this.fileStarts[lo] ?? 0;
  }
}
