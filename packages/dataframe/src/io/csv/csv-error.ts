/**
 * Errors about the input data. They carry where (file, line, column, byte offset) and what,
 * and render as one line a user can act on.
 */
export interface CsvErrorInfo {
  where?: string;
  file?: string;
  line?: number;
  column?: string;
  value?: string;
  offset?: number;
  hint?: string;
  /** For a value that contradicts the column type: the type that would hold it. */
  widenTo?: string;
}

export class CsvError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly column?: string;
  readonly value?: string;
  readonly offset?: number;
  readonly hint?: string;
  readonly widenTo?: string;
  readonly problem: string;

  constructor(problem: string, info: CsvErrorInfo = {}) {
    super(CsvError.format(problem, info));
    this.name = 'CsvError';
    this.problem = problem;
    this.file = info.file ?? (info.where || undefined);
    this.line = info.line;
    this.column = info.column;
    this.value = info.value;
    this.offset = info.offset;
    this.hint = info.hint;
    if (info.widenTo) this.widenTo = info.widenTo;
  }

  static format(problem: string, info: CsvErrorInfo): string {
    const loc: string[] = [];
    const file = info.file ?? info.where;
    if (file) loc.push(file);
    if (info.line !== undefined) loc.push(`line ${info.line}`);
    else if (info.offset !== undefined) loc.push(`byte ${info.offset}`);
    if (info.column !== undefined) loc.push(`column ${JSON.stringify(info.column)}`);
    let msg = loc.length ? `${loc.join(', ')}: ${problem}` : problem;
    if (info.value !== undefined) msg += ` (value ${JSON.stringify(info.value.length > 60 ? `${info.value.slice(0, 57)}...` : info.value)})`;
    if (info.hint) msg += `. ${info.hint}`;
    return msg;
  }
}
