/**
 * Node Buffers across a thread: structured clone turns a Buffer into a plain Uint8Array (its
 * `toString('utf8')` then gives "104,101,…"). Top-level task arguments and a task's whole result
 * that are Buffers are marked by position and rewrapped on the other side, sharing the received
 * memory (no copy). A Buffer nested inside arrays or objects arrives as a Uint8Array.
 */

/** Indexes of the Buffers among `values`, or undefined when there are none. */
export function bufferPositions(values: readonly unknown[]): number[] | undefined {
  let out: number[] | undefined;
  values.forEach((v, i) => {
    if (Buffer.isBuffer(v)) (out ??= []).push(i);
  });
  return out;
}

/** `value` as a Buffer over the same memory, when it arrived as a Uint8Array. */
export function asBuffer(value: unknown): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
}

/** Rewraps the values at `positions` (from bufferPositions on the sending side) in place. */
export function rewrapBuffers(values: unknown[], positions: readonly number[] | undefined): unknown[] {
  for (const i of positions ?? []) values[i] = asBuffer(values[i]);
  return values;
}
