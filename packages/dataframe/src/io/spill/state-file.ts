/**
 * Aggregate states on disk. States are not tables (a median keeps every value of a group, a
 * distinct count a set), so they are written with V8's structured serialization, which keeps
 * typed arrays, bigints, Sets and Maps exactly — except their large typed arrays (a median's
 * values, sealed in chunks of 2^20), which go beside the serialized rest as they are, in
 * floe's spill layout (spill-layout.ts), and are read back each straight into an array of its
 * own: V8's serializer copied them into its own growing buffer, and its reader copied them again
 * to align them (db-benchmark q6 under a 256 MB budget: ~0.6 s a worker). Same protocol as chunk files:
 * temporary name, rename, a clear error when a file is missing or corrupt.
 */
import { DefaultDeserializer, DefaultSerializer } from 'node:v8';
import { readingSpillFile, SpillError, writeSpillFile } from './spill-file.js';
import { checkHeader, LayoutWriter, padded } from './spill-layout.js';

/** 'FLST' read as a little-endian int32, and the layout's version. */
const MAGIC = 0x54534c46;
const VERSION = 1;
/** Typed arrays of at least this many bytes are written outside the serialized value. */
const OUTSIDE_FROM = 4096;
/** The typed arrays written outside, by their index in the header. */
const TYPES = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array] as const;
type Outside = InstanceType<(typeof TYPES)[number]>;

/** Node's hooks for typed arrays (v8.DefaultSerializer's; not in @types/node). */
interface HostHooks {
  _writeHostObject(view: ArrayBufferView): void;
  _readHostObject(): ArrayBufferView;
}

/** A host object's tag: written by V8's default way, or one of the arrays outside. */
const INLINE = 0;
const OUT = 1;

class StateSerializer extends DefaultSerializer {
  readonly outside: Outside[] = [];

  _writeHostObject(view: ArrayBufferView): void {
    // exact classes only: a Buffer is read back as a Buffer the default way
    if (view.byteLength < OUTSIDE_FROM || !TYPES.includes(view.constructor as (typeof TYPES)[number])) {
      this.writeUint32(INLINE);
      (DefaultSerializer.prototype as unknown as HostHooks)._writeHostObject.call(this, view);
      return;
    }
    this.writeUint32(OUT);
    this.writeUint32(this.outside.length);
    this.outside.push(view as Outside);
  }
}

class StateDeserializer extends DefaultDeserializer {
  constructor(bytes: Uint8Array, private readonly outside: readonly Outside[]) {
    super(bytes);
  }

  _readHostObject(): ArrayBufferView {
    if (this.readUint32() === INLINE) return (DefaultDeserializer.prototype as unknown as HostHooks)._readHostObject.call(this);
    const k = this.readUint32();
    const view = this.outside[k];
    if (view === undefined) throw new Error(`array ${k} of ${this.outside.length}`);
    return view;
  }
}

export function writeStateFile(path: string, value: unknown): number {
  const ser = new StateSerializer();
  ser.writeHeader();
  ser.writeValue(value);
  const rest = ser.releaseBuffer();
  const arrays = ser.outside;
  // magic, version, arrays, bytes of the rest; then each array's type and length
  const head = new Int32Array(4 + 2 * arrays.length);
  head.set([MAGIC, VERSION, arrays.length, rest.byteLength]);
  arrays.forEach((a, k) => {
    head[4 + 2 * k] = TYPES.indexOf(a.constructor as (typeof TYPES)[number]);
    head[5 + 2 * k] = a.length;
  });
  const out = new LayoutWriter();
  out.add(head);
  out.add(rest);
  for (const a of arrays) out.add(a);
  writeSpillFile(path, out.pieces);
  return out.byteLength;
}

export function readStateFile<T>(path: string): T {
  const corrupt = (why: string): never => { throw new SpillError(`spill file ${path} is corrupt: ${why}`); };
  return readingSpillFile(path, 'spill file', (fill, size) => {
    if (size < 16) corrupt(`${size} bytes, too short for a header`);
    const first = new Int32Array(4);
    fill(first, 0);
    checkHeader(first, MAGIC, VERSION, corrupt);
    const arrays = first[2];
    if (!(arrays >= 0 && 16 + 8 * arrays <= size)) corrupt(`${arrays} arrays in ${size} bytes`);
    const head = new Int32Array(4 + 2 * arrays);
    fill(head, 0);
    let at = padded(head.byteLength);
    // an array's length, checked against the file before anything that size is allocated
    const fits = (length: number, bytesPer: number): number => (length >= 0 && at + length * bytesPer <= size ? length : corrupt(`cut short: ${length * bytesPer} bytes expected at byte ${at}, the file has ${size}`));
    const rest = new Uint8Array(fits(head[3], 1));
    fill(rest, at);
    at += padded(rest.byteLength);
    const outside: Outside[] = [];
    for (let k = 0; k < arrays; k++) {
      const Ctor = TYPES[head[4 + 2 * k]] ?? corrupt(`array ${k + 1} has type ${head[4 + 2 * k]}`);
      const a = new Ctor(fits(head[5 + 2 * k], Ctor.BYTES_PER_ELEMENT)) as Outside;
      fill(a, at);
      at += padded(a.byteLength);
      outside.push(a);
    }
    try {
      const des = new StateDeserializer(rest, outside);
      des.readHeader();
      return des.readValue() as T;
    } catch (err) {
      throw new SpillError(`spill file ${path} is corrupt: ${(err as Error).message}`);
    }
  });
}
