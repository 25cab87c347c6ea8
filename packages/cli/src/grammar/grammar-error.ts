/**
 * A mistake in an expression the user typed (`--where`, `--agg`, `--by`): says what is wrong
 * and where, as a 1-based column in that option's text, in one line.
 */
export class GrammarError extends Error {
  override name = 'GrammarError';

  /**
   * @param option  the option whose text is wrong, e.g. `--where`
   * @param problem what is wrong, e.g. `unexpected ')'`
   * @param pos     0-based offset into the option's text
   * @param hint    how to fix it, appended after a semicolon
   */
  constructor(readonly option: string, readonly problem: string, readonly pos: number, readonly hint?: string) {
    super(`${option}: ${problem} at column ${pos + 1}${hint ? `; ${hint}` : ''}`);
  }
}
