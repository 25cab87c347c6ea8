/**
 * Where a function sent to workers as its text sits in the caller's file, so that its stack
 * frames name that file and line, as a Dask traceback names the user's module: compiled alone
 * on a worker, a frame read `at parse (floe-submitted-function:parse:4:20)`, the line one of
 * the wrapper's. Found by reading the files of the calling stack — the caller's own, not floe's
 * nor an installed package's — for the function's text: when one of them holds it exactly once,
 * its URL, line and column. For diagnostics only: what runs is the text, never anything found
 * here, and where nothing is found the frames keep the old name.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface SourceLocation {
  /** The file's URL, as its own frames name it. */
  url: string;
  /** 1-based line and 0-based column of the text's first character. */
  line: number;
  column: number;
}

/** floe's own packages (src or dist): a file under it is never the caller's. */
const FLOE_PACKAGES = fileURLToPath(new URL('../../', import.meta.url));

/** Files of the stack tried, at most (the nearest callers first). */
const MAX_FILES = 4;

/** Found once a process for each distinct text (null: not found). */
const found = new Map<string, SourceLocation | null>();
const texts = new Map<string, string | null>();

/** Where `source` is in a file of the current stack (or of `stack`, for tests), or null. */
export function sourceLocation(source: string, stack?: string): SourceLocation | null {
  if (stack === undefined) {
    const cached = found.get(source);
    if (cached !== undefined) return cached;
  }
  let at: SourceLocation | null = null;
  for (const path of callerFiles(stack ?? currentStack())) {
    at = locate(path, source);
    if (at !== null) break;
  }
  if (stack === undefined) found.set(source, at);
  return at;
}

function currentStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  try {
    return new Error().stack ?? '';
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The distinct files of a stack's frames that are neither floe's nor an installed package's, nearest first. */
function callerFiles(stack: string): string[] {
  const files: string[] = [];
  for (const line of stack.split('\n')) {
    const m = /(?:\(|at )((?:file:\/\/|\/)[^()\s]+?):\d+:\d+\)?$/.exec(line.trim());
    if (m === null) continue;
    let path: string;
    try {
      path = m[1].startsWith('file:') ? fileURLToPath(m[1]) : m[1];
    } catch {
      continue;
    }
    if (path.startsWith(FLOE_PACKAGES) || path.includes('/node_modules/') || files.includes(path)) continue;
    files.push(path);
    if (files.length === MAX_FILES) break;
  }
  return files;
}

function locate(path: string, source: string): SourceLocation | null {
  let text = texts.get(path);
  if (text === undefined) {
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      text = null;
    }
    texts.set(path, text);
  }
  if (text === null) return null;
  const at = text.indexOf(source);
  // twice in the file (two identical arrows): which one this is cannot be told
  if (at < 0 || text.indexOf(source, at + 1) >= 0) return null;
  let line = 1;
  for (let k = text.indexOf('\n'); k >= 0 && k < at; k = text.indexOf('\n', k + 1)) line++;
  return { url: pathToFileURL(path).href, line, column: at - (text.lastIndexOf('\n', at - 1) + 1) };
}
