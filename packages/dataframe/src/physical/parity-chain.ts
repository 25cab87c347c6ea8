/**
 * The quote parity at each range start, walked in partition order: a file starts outside
 * quotes, and each range's count of `"` bytes flips the parity when odd. Ranges must be
 * visited in order, `at` before `advance`, once each.
 */
export class ParityChain {
  private inQuotes = false;
  private path = '';

  /** Whether a range of `path` starts inside a quoted field, given the ranges before it. */
  at(path: string): boolean {
    if (path !== this.path) {
      this.path = path;
      this.inQuotes = false;
    }
    return this.inQuotes;
  }

  /** Passes the current range, which holds `quotes` quote bytes. */
  advance(quotes: number): void {
    if (quotes % 2 === 1) this.inQuotes = !this.inQuotes;
  }
}
