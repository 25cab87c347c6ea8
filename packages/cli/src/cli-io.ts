/**
 * What the CLI talks to: two output streams and a cancel signal. bin.ts passes the process's;
 * tests pass their own, so `main()` runs in-process with TTY or pipe behaviour as they choose.
 */
export interface OutStream {
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
  /** True for a terminal: results default to a box table, progress is drawn. */
  isTTY?: boolean;
  /** Terminal width, when a terminal. */
  columns?: number;
}

export interface CliIO {
  stdout: OutStream;
  stderr: OutStream;
  /** Aborts a running query (bin.ts wires it to Ctrl-C). */
  signal?: AbortSignal;
  /** Where `floe sql` without a query reads it: a prompt on a terminal, the query text from a pipe. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /**
   * Copies inputs that are streams ('-', pipes) to files and gives their paths (main() sets it;
   * see stream-input.ts). Commands whose inputs are not positional paths (`floe sql`) call it.
   */
  spool?: (paths: readonly string[]) => Promise<string[]>;
}
