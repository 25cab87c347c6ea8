/**
 * The positions of a CSV text's structural bytes — the delimiter, the quote, LF and CR — found 16
 * bytes at a time with WebAssembly SIMD (Node 20's V8 has it; no native addon, no build step).
 *
 * Why: a scan that skips unprojected fields crosses them a byte at a time in JS (~1.6–2.3 ns a
 * byte here: a lineitem-shaped row with 9 skipped fields spent most of its ~300 ns there). With the
 * positions at hand a skipped field costs one load (fast-rows.ts, indexed mode).
 *
 * The module is 200-odd bytes assembled below (one function, its own memory); each call copies
 * the text into that memory and returns a view of the positions, valid until the next call.
 */

/** Positions (relative to the text's start) of every delimiter, quote, LF and CR, in order. */
export interface StructuralIndex {
  positions: Int32Array;
  count: number;
}

const PAGE = 65_536;

/** wasm opcodes used below */
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const I32_CONST = 0x41;
const SIMD = 0xfd;

function code(): number[] {
  // params: 0 src, 1 len, 2 out, 3 delim, 4 quote; locals: 5 i, 6 n, 7 bits (i32); 8 vd, 9 vq, 10 vlf, 11 vcr, 12 v (v128)
  const splat = (get: number[], local: number): number[] => [...get, SIMD, 0x0f, LOCAL_SET, local];
  const eq = (local: number): number[] => [LOCAL_GET, 12, LOCAL_GET, local, SIMD, 0x23];
  return [
    ...splat([LOCAL_GET, 3], 8), ...splat([LOCAL_GET, 4], 9), ...splat([I32_CONST, 10], 10), ...splat([I32_CONST, 13], 11),
    0x02, 0x40, // block
    0x03, 0x40, // loop
    LOCAL_GET, 5, LOCAL_GET, 1, 0x4f, 0x0d, 1, // if i >= len: break
    LOCAL_GET, 0, LOCAL_GET, 5, 0x6a, SIMD, 0x00, 0x00, 0x00, LOCAL_SET, 12, // v = load(src + i)
    ...eq(8), ...eq(9), SIMD, 0x50, ...eq(10), SIMD, 0x50, ...eq(11), SIMD, 0x50, // (v==d)|(v==q)|(v==lf)|(v==cr)
    SIMD, 0x64, LOCAL_SET, 7, // bits = bitmask
    0x02, 0x40, 0x03, 0x40, // block loop
    LOCAL_GET, 7, 0x45, 0x0d, 1, // if bits == 0: break
    LOCAL_GET, 2, LOCAL_GET, 6, I32_CONST, 2, 0x74, 0x6a, // out + n * 4
    LOCAL_GET, 5, LOCAL_GET, 7, 0x68, 0x6a, // i + ctz(bits)
    0x36, 0x02, 0x00, // i32.store
    LOCAL_GET, 6, I32_CONST, 1, 0x6a, LOCAL_SET, 6, // n++
    LOCAL_GET, 7, LOCAL_GET, 7, I32_CONST, 1, 0x6b, 0x71, LOCAL_SET, 7, // bits &= bits - 1
    0x0c, 0, // continue
    0x0b, 0x0b, // end loop, end block
    LOCAL_GET, 5, I32_CONST, 16, 0x6a, LOCAL_SET, 5, // i += 16
    0x0c, 0, // continue
    0x0b, 0x0b, // end loop, end block
    LOCAL_GET, 6, // return n
    0x0b,
  ];
}

function section(id: number, body: number[]): number[] {
  return [id, ...leb(body.length), ...body];
}

function leb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

function moduleBytes(): Uint8Array {
  const name = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
  const body = [2, 3, 0x7f, 5, 0x7b, ...code()]; // locals: 3 × i32, 5 × v128
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 1, 0x7f]), // (i32 ×5) → i32
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, 1]), // one memory, 1 page to start
    ...section(7, [2, ...name('index'), 0x00, 0, ...name('memory'), 0x02, 0]),
    ...section(10, [1, ...leb(body.length), ...body]),
  ]);
}

interface Instance {
  index: (src: number, len: number, out: number, delim: number, quote: number) => number;
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
}

/** The part of the WebAssembly global used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

let instance: Instance | null | undefined;

/** The module for this thread, or null where WebAssembly SIMD is missing (the JS scan is used then). */
function wasm(): Instance | null {
  if (instance === undefined) {
    try {
      const wa = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
      instance = new wa.Instance(new wa.Module(moduleBytes())).exports as Instance;
    } catch {
      instance = null;
    }
  }
  return instance;
}

export function structuralIndexAvailable(): boolean {
  return wasm() !== null;
}

/**
 * Indexes buf[start, end): the positions of `delim`, `quote`, LF and CR, relative to `start`.
 * The returned view is valid until the next call on this thread.
 */
export function buildStructuralIndex(buf: Uint8Array, start: number, end: number, delim: number, quote: number): StructuralIndex {
  const w = wasm();
  if (w === null) throw new Error('WebAssembly SIMD is not available');
  const len = end - start;
  const padded = (len + 31) & ~15;
  const need = padded + 4 * (len + 16);
  if (w.memory.buffer.byteLength < need) w.memory.grow(Math.ceil((need - w.memory.buffer.byteLength) / PAGE));
  const mem = new Uint8Array(w.memory.buffer);
  mem.set(buf.subarray(start, end), 0);
  mem.fill(0, len, padded); // the last block's tail holds no structural byte (delimiters and quotes are never 0)
  const count = w.index(0, len, padded, delim, quote);
  return { positions: new Int32Array(w.memory.buffer, padded, count), count };
}
