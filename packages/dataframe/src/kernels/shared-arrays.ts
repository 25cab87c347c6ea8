/**
 * Typed arrays in shared memory, for the large pieces a map task hands over to one reduce task
 * through the driver (a median's values split by bucket: db-benchmark q6 sends 120 MB; a partial
 * aggregate's string keys, packed-partial.ts). A task's
 * result is transferred to the driver, but the driver must keep what it sends on (a reduce task
 * whose worker dies is run again with the same arguments), so it is cloned into the reduce
 * task's thread: copied twice, every page of the copies faulted in. Memory that threads share is
 * passed by reference both ways, and is still there for a second run. (V8's serializer copies it
 * into a spill file like any other array.)
 *
 * Only from SHARED_FROM elements: a small array is not worth a shared allocation of its own.
 */
const SHARED_FROM = 1 << 14;

export function sharedFloat64(n: number): Float64Array {
  return n >= SHARED_FROM ? new Float64Array(new SharedArrayBuffer(8 * n)) : new Float64Array(n);
}

export function sharedInt32(n: number): Int32Array {
  return n >= SHARED_FROM ? new Int32Array(new SharedArrayBuffer(4 * n)) : new Int32Array(n);
}

export function sharedUint8(n: number): Uint8Array {
  return n >= SHARED_FROM ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n);
}
