/**
 * The worker op for functions sent as source text: compiles each distinct source once per
 * worker with `new Function` (this is code the user asked to run, in a thread of their own
 * process) and calls it with the task's arguments.
 *
 * A source function has no closure: the only names it sees are its parameters and the globals
 * (floe sends only functions that capture nothing: see task-function.ts). A global that the
 * calling thread has and a worker lacks (one the program set) fails as a ReferenceError, which
 * is rewritten to say so and how to fix it, and so is a relative `import()`, which resolves
 * against this file. Never evaluates anything but the function expression it was given.
 */
import { fileURLToPath } from 'node:url';
import type { SourceLocation } from '../source-location.js';

export interface SourceFunction {
  name: string;
  source: string;
  /** How messages name it: 'delayed function', 'submitted function'. */
  noun: string;
  /** Where its text is in the caller's file (source-location.ts): its frames then name that file and line. */
  at?: SourceLocation;
}

type Compiled = (...args: unknown[]) => unknown;

const compiled = new Map<string, Compiled>();

/** esbuild's `keepNames` helper, which transpiled sources may call. */
const keepName = (target: unknown, value: string): unknown =>
  Object.defineProperty(target, 'name', { value, configurable: true });

export async function runSource(fn: SourceFunction, ...args: unknown[]): Promise<unknown> {
  const call = compile(fn);
  try {
    return await call(...args);
  } catch (err) {
    throw explainRelativeImport(explainClosureError(err, fn), fn);
  }
}

/** This file's folder: where a relative import() in a compiled function looks. */
const RUNNER_DIR = fileURLToPath(new URL('.', import.meta.url));

/**
 * "Cannot find module '<floe>/ops/helper.mjs'": a relative import() inside the function resolved
 * against this runner, not the user's file. The message keeps what Node said and adds the fix.
 */
export function explainRelativeImport(err: unknown, fn: SourceFunction): unknown {
  if (!(err instanceof Error) || (err as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND' || !err.message.includes(RUNNER_DIR)) return err;
  const message = `${err.message}: a relative import() inside ${fn.noun} '${fn.name}', which is sent to a worker as source, resolves against floe's runner, not your file; import an absolute URL (new URL('./helper.mjs', import.meta.url).href, passed as an argument) or export the function and use delayed(fn, { module: import.meta.url })`;
  const out = new Error(message);
  Object.assign(out, { code: 'ERR_MODULE_NOT_FOUND' });
  out.stack = `Error: ${message}\n${(err.stack ?? '').split('\n').slice(1).join('\n')}`;
  return out;
}

export function compile(fn: SourceFunction): Compiled {
  const url = sourceUrl(fn);
  const id = `${url}\n${fn.source}`;
  let f = compiled.get(id);
  if (f) return f;
  // Method shorthand (`cube(n) { … }`, `async cube(n) { … }`) is not an expression on its own:
  // the keyword that makes it one goes before it
  const unasync = fn.source.replace(/^async\s+/, '');
  const candidates: [string, string][] = [['', fn.source], ['function', fn.source], ['async function', unasync]];
  let firstError: unknown = null;
  for (const [keyword, text] of candidates) {
    try {
      // strict, as the module it was written in (ESM and class bodies are): `this` in a method
      // sent alone is undefined, a TypeError, where sloppy code read the worker's globalThis (NaN)
      f = new Function('__name', `'use strict'; return (${placed(fn, keyword, text)}\n);\n//# sourceURL=${url}`)(keepName) as Compiled;
      break;
    } catch (err) {
      firstError ??= err;
    }
  }
  if (!f || typeof f !== 'function') {
    throw new SyntaxError(`${fn.noun} '${fn.name}' could not be compiled from its source in a worker: ${(firstError as Error)?.message ?? 'not a function'}`);
  }
  compiled.set(id, f);
  return f;
}

/**
 * Rewrites errors thrown by the function's own code that come from its running on a worker into
 * an explanation: "x is not defined" (a global the calling thread has), and reading a property
 * of undefined through `globalThis.x` or a method's `this`.
 */
export function explainClosureError(err: unknown, fn: SourceFunction): unknown {
  if (!(err instanceof Error) || !(err.stack ?? '').includes(sourceUrl(fn))) return err;
  const who = `${fn.noun} '${fn.name}'`;
  if (err instanceof TypeError && /of undefined/.test(err.message)) {
    const global = /\b(?:globalThis|global)\.[A-Za-z_$][\w$]*/.exec(fn.source);
    if (global) return explained(err, `${err.message} in ${who}, which reads ${global[0]}: a global the calling thread set, which worker threads do not have; pass it as an argument`);
    if (/\bthis\b/.test(fn.source)) return explained(err, `${err.message} in ${who}, which reads \`this\`: a method sent to a worker goes without its object; pass what it reads as arguments (delayed((rate, x) => x * rate)(obj.rate, 2))`);
    return err;
  }
  const m = err instanceof ReferenceError ? /^(\S+) is not defined$/.exec(err.message) : null;
  if (!m) return err;
  return explained(err, `${who} uses '${m[1]}', a global of the calling thread that worker threads do not have; pass it as an argument, or define the function in a module that sets it up and use delayed(fn, { module: import.meta.url })`);
}

/** An error of err's class saying `message`, with err's stack frames. */
function explained(err: Error, message: string): Error {
  const out = new (err.constructor as new (message: string) => Error)(message);
  out.stack = `${err.name}: ${message}\n${(err.stack ?? '').split('\n').slice(1).join('\n')}`;
  return out;
}

/**
 * The name stack traces give the compiled function's file: the caller's file when its place there
 * is known (and far enough down for the wrapper's lines before it), else e.g. `floe-delayed-function:cube`.
 */
function sourceUrl(fn: SourceFunction): string {
  if (fn.at !== undefined && fn.at.line >= FIRST_TEXT_LINE) return fn.at.url;
  return `floe-${fn.noun.replace(/\W+/g, '-')}:${fn.name.replace(/\s+/g, '_')}`;
}

/** The line the text starts on after `new Function`'s two lines and the body's `'use strict'; return (`. */
const FIRST_TEXT_LINE = 4;

/**
 * `keyword text`, with lines and spaces between them that put each of the text's characters at
 * its line and column in the caller's file (a line break may follow `function`); `text` is the
 * source, or what follows a method's `async `.
 */
function placed(fn: SourceFunction, keyword: string, text: string): string {
  if (fn.at === undefined || fn.at.line < FIRST_TEXT_LINE) return keyword === '' ? text : `${keyword} ${text}`;
  const column = fn.at.column + (fn.source.length - text.length);
  return `${keyword}\n${'\n'.repeat(fn.at.line - FIRST_TEXT_LINE)}${' '.repeat(column)}${text}`;
}
