/**
 * The byte layout of floe's spill files (chunk-file.ts, shared-dictionary.ts, state-file.ts): a
 * header of int32 words (a magic number and a version first), then arrays, each starting on an
 * 8-byte boundary, so a reader views every array in the bytes it read, uncopied (or reads each
 * into an array of its own). The writer hands the arrays themselves to the file (writev), never
 * joined into one buffer first.
 *
 * Why not Arrow IPC, as these files were: a spill file is read back only by the query that wrote
 * it, and Arrow's JavaScript writer and reader (a schema and flatbuffers a chunk, objects a
 * column and batch) cost db-benchmark q10 ~0.7 s of a worker's ~9 s.
 */
import type { ByteStrings } from '../../kernels/byte-strings.js';
import { decodeStrings, encodeStrings } from '../../table/arrow-buffers.js';

const PAD = new Uint8Array(8);

/** Arrays appended in order, each padded to 8 bytes: `pieces` is what to write. */
export class LayoutWriter {
  readonly pieces: Uint8Array[] = [];
  byteLength = 0;

  add(a: ArrayBufferView): void {
    const bytes = a instanceof Uint8Array ? a : new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    if (bytes.byteLength > 0) this.pieces.push(bytes);
    this.byteLength += bytes.byteLength;
    const pad = padded(this.byteLength) - this.byteLength;
    if (pad > 0) {
      this.pieces.push(PAD.subarray(0, pad));
      this.byteLength += pad;
    }
  }
}

type View<T> = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number };

/**
 * Reads what a LayoutWriter wrote: `header` first, then `take` each array in the order it
 * was added. Anything that does not fit the bytes — a wrong magic number or version, an array
 * past the end — is `corrupt(why)`, which throws.
 */
export class LayoutReader {
  private readonly bytes: Uint8Array;
  private at = 0;

  constructor(bytes: Uint8Array, private readonly corrupt: (why: string) => never) {
    // views need their element's alignment: a buffer at an odd offset (a pooled small one) is copied
    this.bytes = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  }

  /**
   * The header: its first four words (magic number, version, two of the writer's) checked, then
   * all `words(first)` of it.
   */
  header(magic: number, version: number, words: (first: Int32Array) => number): Int32Array {
    if (this.bytes.byteLength < 16) this.corrupt(`${this.bytes.byteLength} bytes, too short for a header`);
    const first = new Int32Array(this.bytes.buffer, this.bytes.byteOffset, 4);
    checkHeader(first, magic, version, this.corrupt);
    return this.take(Int32Array, words(first));
  }

  /** The next `count` elements, as a view of the bytes read. */
  take<T>(Ctor: View<T>, count: number): T {
    const bytes = count * Ctor.BYTES_PER_ELEMENT;
    if (!(count >= 0) || this.at + bytes > this.bytes.byteLength) this.corrupt(`cut short: ${bytes} bytes expected at byte ${this.at}, the chunk has ${this.bytes.byteLength}`);
    const view = new Ctor(this.bytes.buffer, this.bytes.byteOffset + this.at, count);
    this.at += padded(bytes);
    return view;
  }
}

/** A header's first words: its magic number and version are these, or it is `corrupt`. */
export function checkHeader(first: Int32Array, magic: number, version: number, corrupt: (why: string) => never): void {
  if (first[0] !== magic) corrupt('not a floe spill file (wrong magic number)');
  if (first[1] !== version) corrupt(`written by another version of floe (layout ${first[1]}, this one reads ${version})`);
}

/** Bytes up to the next 8-byte boundary: where the array after `bytes` of them starts. */
export function padded(bytes: number): number {
  return bytes + (-bytes & 7);
}

/** Strings as where each ends and their UTF-8 (two arrays); returns the UTF-8's bytes, which the header keeps with their count. */
export function addStrings(out: LayoutWriter, strings: readonly string[]): number {
  const { offsets, data } = encodeStrings(strings);
  out.add(offsets);
  out.add(data);
  return data.byteLength;
}

/** `count` entries' ends and UTF-8 as written (the arrays viewed in the bytes read; `corrupt` when their ends do not fit them). */
export function takeBytes(read: LayoutReader, count: number, bytes: number, corrupt: (why: string) => never): ByteStrings {
  const offsets = read.take(Int32Array, count + 1);
  const data = read.take(Uint8Array, bytes);
  if (offsets[0] !== 0 || offsets[count] !== data.byteLength || !ascending(offsets)) corrupt(`${count} strings do not fit their ${data.byteLength} bytes`);
  return { count, offsets, data };
}

/** Whether each offset is at least the one before it (a loop of its own). */
function ascending(offsets: Int32Array): boolean {
  for (let k = 1; k < offsets.length; k++) if (offsets[k] < offsets[k - 1]) return false;
  return true;
}

/** The `count` strings addStrings wrote in `bytes` of UTF-8 (`corrupt` when their ends do not fit them). */
export function takeStrings(read: LayoutReader, count: number, bytes: number, corrupt: (why: string) => never): string[] {
  const b = takeBytes(read, count, bytes, corrupt);
  return decodeStrings(b.offsets, b.data, count);
}
