/**
 * Errors cross threads as plain data (structured clone drops custom properties), and are
 * rebuilt on the other side with their original message, stack and fields.
 */
export interface ErrorData {
  name: string;
  message: string;
  stack?: string;
  props: Record<string, unknown>;
}

export function errorToData(err: unknown): ErrorData {
  if (!(err instanceof Error)) {
    // a thrown object, string or number: its value in the message ('[object Object]' said nothing), its fields kept
    let text: string;
    try {
      text = typeof err === 'string' ? err : JSON.stringify(err) ?? String(err);
    } catch {
      text = String(err);
    }
    const props = err !== null && typeof err === 'object' ? cloneableProps(err) : {};
    return { name: 'Error', message: typeof err === 'string' ? err : `the task threw ${typeof err === 'object' ? 'a non-Error value' : `a ${typeof err}`}: ${text}`, props };
  }
  return { name: err.name, message: err.message, stack: err.stack, props: cloneableProps(err) };
}

/**
 * The error's own fields that can cross a thread: plain values, and objects and arrays of them
 * (an error's `details`, `response` body — only strings, numbers and booleans crossed before);
 * a field holding a function or another thing a thread cannot take is left out.
 */
function cloneableProps(err: object): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    try {
      props[k] = v !== null && typeof v === 'object' ? structuredClone(v) : v;
    } catch {
      // not cloneable (a socket, a class with a function field): not carried
    }
  }
  return props;
}

/** The built-in error classes, rebuilt as themselves (a RangeError stays a RangeError across threads). */
const BUILT_IN: Record<string, new (message: string) => Error> = { TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };

export function dataToError(data: ErrorData, where?: string): Error {
  const Class = Object.hasOwn(BUILT_IN, data.name) ? BUILT_IN[data.name] : Error;
  const err = new Class(data.message);
  err.name = data.name;
  Object.assign(err, data.props);
  err.stack = `${data.stack ?? `${data.name}: ${data.message}`}${where ? `\n    at <${where}>` : ''}`;
  return markTaskError(err);
}

/** Marks an error as thrown by the task's own code (not a lost worker): it is never retried. */
export function markTaskError<E>(err: E): E {
  if (err instanceof Error) Object.defineProperty(err, 'taskError', { value: true, enumerable: false });
  return err;
}
