/**
 * Snappy's raw block format (https://github.com/google/snappy/blob/main/format_description.txt)
 * decoded into a buffer the caller keeps, so that a Parquet page needs no new array: hysnappy
 * (hyparquet-compressors' decoder, WebAssembly) copies each page into its memory and slices a
 * new array out of it, which on the 2 GB seed lake was 0.10–0.18 s a worker of copies and page
 * faults, and hyparquet's own decoder copies byte by byte. Here a literal or a back-reference of
 * 32 bytes or more is one native copy (`set`, `copyWithin`); shorter ones, and back-references
 * that overlap what they write (a run), go byte by byte.
 *
 * Every length and offset is checked against both buffers: a damaged page is an error, never a
 * read or write out of bounds, and never a short page.
 */

const NATIVE = 32;

/** Decodes the compressed block `input` into all of `output` (its length: the page's uncompressed size). */
export function snappyInto(input: Uint8Array, output: Uint8Array): void {
  const inLen = input.length;
  const outLen = output.length;
  let pos = 0;
  let size = 0;
  let shift = 0;
  let b = 0x80;
  while (b & 0x80) {
    if (pos >= inLen || shift > 28) throw new Error('snappy: the uncompressed length at the start of the block is cut short or too long');
    b = input[pos++];
    size += (b & 0x7f) * 2 ** shift;
    shift += 7;
  }
  if (size !== outLen) throw new Error(`snappy: the block holds ${size} bytes, its page header says ${outLen}`);
  let out = 0;
  while (pos < inLen) {
    const c = input[pos++];
    const tag = c & 3;
    if (tag === 0) {
      let len = (c >>> 2) + 1;
      if (len > 60) {
        const k = len - 60;
        if (pos + k > inLen) throw new Error(`snappy: a literal's length runs past the end of the block at byte ${pos}`);
        len = 1;
        for (let i = 0; i < k; i++) len += input[pos + i] * 2 ** (8 * i);
        pos += k;
      }
      if (pos + len > inLen) throw new Error(`snappy: a literal of ${len} bytes at byte ${pos} runs past the end of the block`);
      if (out + len > outLen) throw new Error(`snappy: the block decodes to more than the ${outLen} bytes its header says`);
      if (len >= NATIVE) output.set(input.subarray(pos, pos + len), out);
      else for (let i = 0; i < len; i++) output[out + i] = input[pos + i];
      pos += len;
      out += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (tag === 1) {
      if (pos >= inLen) throw new Error('snappy: a copy is cut short at the end of the block');
      len = ((c >>> 2) & 7) + 4;
      offset = ((c >>> 5) << 8) | input[pos];
      pos += 1;
    } else if (tag === 2) {
      if (pos + 2 > inLen) throw new Error('snappy: a copy is cut short at the end of the block');
      len = (c >>> 2) + 1;
      offset = input[pos] | (input[pos + 1] << 8);
      pos += 2;
    } else {
      if (pos + 4 > inLen) throw new Error('snappy: a copy is cut short at the end of the block');
      len = (c >>> 2) + 1;
      offset = (input[pos] | (input[pos + 1] << 8) | (input[pos + 2] << 16)) + input[pos + 3] * 2 ** 24;
      pos += 4;
    }
    if (offset === 0 || offset > out) throw new Error(`snappy: a copy from ${offset} bytes back at output byte ${out} reaches before the start`);
    if (out + len > outLen) throw new Error(`snappy: the block decodes to more than the ${outLen} bytes its header says`);
    const from = out - offset;
    if (offset >= len && len >= NATIVE) output.copyWithin(out, from, from + len);
    else for (let i = 0; i < len; i++) output[out + i] = output[from + i];
    out += len;
  }
  if (out !== outLen) throw new Error(`snappy: the block decodes to ${out} bytes, its page header says ${outLen}`);
}
