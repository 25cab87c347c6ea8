/**
 * A text column's interning, deferred by the fast row parser (fast-rows.ts): each value's bounds
 * are queued with its row, and the queue is interned QUEUE values at a time through
 * ByteDictionary.internMany (hash all, touch their slots, then look up: a column of 100 k
 * distinct ids no longer waits out a cache miss per field), or appended by RowStrings.internMany
 * (a carried column of mostly distinct values). The codes land in the column's output at the
 * queued rows.
 *
 * Protocol, per call of the parser: begin() → add() per value → finish() before the parser
 * returns, so the general loop (which interns directly) never runs between a value and its code,
 * and codes keep first-seen order. A value that is not UTF-8 (strict decoding) stops the
 * interning: finish() names its row (failN, and where the row starts), and the parser gives that
 * row back to the general loop, which reports the error with its line — as when the parser
 * interned each value itself. Rows queued after it are given back with it.
 */
import type { TextValues } from './row-strings.js';

const QUEUE = 1024;
const NO_BYTES = new Uint8Array(0);
const NO_CODES = new Int32Array(0);

export class InternBatch {
  private dict: TextValues | null = null;
  private buf: Uint8Array = NO_BYTES;
  private out: Int32Array = NO_CODES;
  private len = 0;
  private readonly starts = new Int32Array(QUEUE);
  private readonly ends = new Int32Array(QUEUE);
  private readonly codes = new Int32Array(QUEUE);
  /** Per queued value: its row (index into out), the row's first byte and its structural-index position. */
  private readonly rows = new Int32Array(QUEUE);
  private readonly rowStarts = new Int32Array(QUEUE);
  private readonly rowKs = new Int32Array(QUEUE);
  /** The first row whose value is not UTF-8 (-1: none), where that row starts, and its index position. */
  failN = -1;
  failRow = 0;
  failK = 0;

  begin(dict: TextValues, buf: Uint8Array, out: Int32Array): void {
    this.dict = dict;
    this.buf = buf;
    this.out = out;
    this.len = 0;
    this.failN = -1;
  }

  /** Queues buf[s, e) as the value of row n (which starts at byte `row`, index position `rowK`). */
  add(n: number, s: number, e: number, row: number, rowK: number): void {
    const j = this.len;
    this.starts[j] = s;
    this.ends[j] = e;
    this.rows[j] = n;
    this.rowStarts[j] = row;
    this.rowKs[j] = rowK;
    if (++this.len === QUEUE) this.flush();
  }

  /** Interns what is still queued; false when some value was not UTF-8 (see failN). */
  finish(): boolean {
    this.flush();
    // no reference to the scan's buffer or output is kept between calls
    this.buf = NO_BYTES;
    this.out = NO_CODES;
    this.dict = null;
    return this.failN < 0;
  }

  private flush(): void {
    const len = this.len;
    this.len = 0;
    if (len === 0 || this.failN >= 0) return;
    const done = this.dict!.internMany(this.buf, this.starts, this.ends, len, this.codes);
    const { out, rows, codes } = this;
    for (let j = 0; j < done; j++) out[rows[j]] = codes[j];
    if (done < len) {
      this.failN = rows[done];
      this.failRow = this.rowStarts[done];
      this.failK = this.rowKs[done];
    }
  }
}
