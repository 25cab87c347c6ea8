/**
 * The `floe sql` prompt: queries end with ";" and may span lines; `\d FILE` prints a file's
 * columns, `\q` (or Ctrl-D) quits. Ctrl-C cancels the running query and keeps the prompt (at
 * the prompt it clears the line). History: the arrow keys, kept in ~/.floe_history (or
 * $FLOE_HISTORY) between sessions. Each query runs like `floe sql "…"`, on its own pool.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { readCsv } from 'floe/core';
import type { CliIO } from './cli-io.js';
import type { SqlFlags } from './commands/sql.js';
import { runSqlText } from './commands/sql.js';
import { dialectOptions } from './open-input.js';
import { emitResult } from './output/emit-result.js';
import { reportError } from './report-error.js';

const PROMPT = 'floe> ';
const MORE = '   -> ';

export interface ReplOptions {
  /** History file; null keeps none (default: $FLOE_HISTORY, else ~/.floe_history). */
  historyFile?: string | null;
}

export async function runRepl(io: CliIO, flags: SqlFlags, options: ReplOptions = {}): Promise<void> {
  const input = io.stdin!;
  const historyFile = options.historyFile !== undefined ? options.historyFile : process.env.FLOE_HISTORY ?? join(homedir(), '.floe_history');
  const rl = createInterface({
    input,
    output: io.stdout as unknown as NodeJS.WritableStream,
    terminal: input.isTTY === true,
    history: loadHistory(historyFile),
    historySize: 1000,
    removeHistoryDuplicates: true,
  });
  let buffer = '';
  let running: AbortController | null = null;
  rl.on('SIGINT', () => {
    if (running) { running.abort(); return; }
    buffer = '';
    // clear what was typed on the line: end of line, then delete to its start
    rl.write(null, { ctrl: true, name: 'e' });
    rl.write(null, { ctrl: true, name: 'u' });
    io.stdout.write('^C\n');
    rl.setPrompt(PROMPT);
    rl.prompt();
  });
  io.stdout.write('floe sql: end a query with ";"; \\d FILE shows its columns; \\q quits; Ctrl-C cancels a query\n');
  rl.setPrompt(PROMPT);
  rl.prompt();
  for await (const line of rl) {
    if (buffer === '' && line.trim().startsWith('\\')) {
      if (!(await command(line.trim(), io, flags))) break;
    } else if (line.trim() !== '' || buffer !== '') {
      buffer += `${line}\n`;
      if (!buffer.trimEnd().endsWith(';')) { rl.setPrompt(MORE); rl.prompt(); continue; }
      const text = buffer;
      buffer = '';
      saveHistory(historyFile, text);
      running = new AbortController();
      try {
        await runSqlText(text, flags, { ...io, signal: running.signal });
      } catch (err) {
        if (running.signal.aborted) io.stderr.write('query cancelled\n');
        else reportError(err, io.stderr, { verbose: flags.verbose === true, aborted: false, sql: true });
      } finally {
        running = null;
      }
    }
    rl.setPrompt(PROMPT);
    rl.prompt();
  }
  rl.close();
}

/** A backslash command; false means quit. */
async function command(line: string, io: CliIO, flags: SqlFlags): Promise<boolean> {
  const [cmd, ...rest] = line.split(/\s+/);
  if (cmd === '\\q' || cmd === '\\quit') return false;
  if (cmd === '\\d' && rest.length > 0) {
    const path = rest.join(' ').replace(/^'(.*)'$/, '$1').replace(/;$/, '');
    try {
      const schema = readCsv(path, { parseDates: true, ...dialectOptions(flags) }).schema;
      await emitResult({ fields: [{ name: 'column', dtype: 'string' }, { name: 'dtype', dtype: 'string' }], columns: [schema.map((f) => f.name), schema.map((f) => f.dtype)], numRows: schema.length }, { format: io.stdout.isTTY ? 'table' : 'csv' }, io);
    } catch (err) {
      reportError(err, io.stderr, { verbose: flags.verbose === true, aborted: false, sql: true });
    }
    return true;
  }
  io.stderr.write(`unknown command ${cmd}; \\d FILE shows a file's columns, \\q quits\n`);
  return true;
}

function loadHistory(file: string | null): string[] {
  if (file === null) return [];
  try {
    // the file is oldest first; readline wants newest first
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').reverse().slice(0, 1000);
  } catch {
    return [];
  }
}

function saveHistory(file: string | null, query: string): void {
  if (file === null) return;
  try {
    appendFileSync(file, `${query.replace(/\s*\n\s*/g, ' ').trim()}\n`);
  } catch {
    // history is a convenience: an unwritable home directory must not stop the query
  }
}
