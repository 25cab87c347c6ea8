/**
 * Snappy's raw block format (https://github.com/google/snappy/blob/main/format_description.txt)
 * decoded into a buffer the caller keeps, so that a Parquet page needs no new array: hysnappy
 * (hyparquet-compressors' decoder, WebAssembly) copies each page into its memory and slices a
 * new array out of it, which on the 2 GB seed lake was 0.10–0.18 s a worker of copies and page
 * faults, and hyparquet's own decoder copies byte by byte. Here a literal or a back-reference of
 * 32 bytes or more is one native copy (`set`, `copyWithin`); shorter ones, and back-references
 * that overlap what they write (a run), go byte by byte.
 *
 * A literal or copy of at most 16 bytes — nearly all of them in a column of timestamps or
 * floats, whose values share their high bytes (DuckDB's 1 GB seed file's Date column: ~4 bytes
 * an element) — is two 4-byte moves (four past 8 bytes) whatever its length, where the output
 * and input have 16 bytes of room: no loop whose exit the CPU mispredicts. The bytes written past its end are
 * written again by the elements after it (the output is filled in order, and a copy reads only
 * what lies before it); a copy reaching back fewer than 4 bytes (a run of 1–3 repeating bytes)
 * goes byte by byte, since a 4-byte move would read bytes it has not written yet.
 *
 * Every length and offset is checked against both buffers: a damaged page is an error, never a
 * read or write out of bounds, and never a short page.
 */

const NATIVE = 32;
/** Elements of up to this many bytes are moved as 4-byte words (two up to 8 bytes, else four). */
const SHORT = 16;

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
  const inWords = new DataView(input.buffer, input.byteOffset, inLen);
  const outWords = new DataView(output.buffer, output.byteOffset, outLen);
  while (pos < inLen) {
    const c = input[pos++];
    const tag = c & 3;
    if (tag === 0) {
      let len = (c >>> 2) + 1;
      if (len <= SHORT && pos + SHORT <= inLen && out + SHORT <= outLen) {
        outWords.setInt32(out, inWords.getInt32(pos, true), true);
        outWords.setInt32(out + 4, inWords.getInt32(pos + 4, true), true);
        if (len > 8) {
          outWords.setInt32(out + 8, inWords.getInt32(pos + 8, true), true);
          outWords.setInt32(out + 12, inWords.getInt32(pos + 12, true), true);
        }
        pos += len;
        out += len;
        continue;
      }
      if (len > 60) {
        const k = len - 60;
        if (pos + k > inLen) throw new Error(`snappy: a literal's length runs past the end of the block at byte ${pos}`);
        // integer arithmetic only (a length past 2^30 is past any page): a double here made
        // pos and out doubles in the whole loop, Date pages 1.6× slower once a column's long literals ran
        if (k === 4 && input[pos + 3] >= 0x40) throw new Error(`snappy: a literal at byte ${pos} is longer than any page`);
        len = input[pos];
        if (k > 1) len |= input[pos + 1] << 8;
        if (k > 2) len |= input[pos + 2] << 16;
        if (k > 3) len |= input[pos + 3] << 24;
        len += 1;
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
      // an offset past 2^31 reaches before the start of any page
      offset = input[pos + 3] >= 0x80 ? 0x7fffffff : input[pos] | (input[pos + 1] << 8) | (input[pos + 2] << 16) | (input[pos + 3] << 24);
      pos += 4;
    }
    if (offset === 0 || offset > out) throw new Error(`snappy: a copy from ${offset} bytes back at output byte ${out} reaches before the start`);
    if (out + len > outLen) throw new Error(`snappy: the block decodes to more than the ${outLen} bytes its header says`);
    const from = out - offset;
    if (len <= SHORT && offset >= 4 && out + SHORT <= outLen) {
      // in order: a word read after the one before it was written, as a byte-by-byte copy reads
      outWords.setInt32(out, outWords.getInt32(from, true), true);
      outWords.setInt32(out + 4, outWords.getInt32(from + 4, true), true);
      if (len > 8) {
        outWords.setInt32(out + 8, outWords.getInt32(from + 8, true), true);
        outWords.setInt32(out + 12, outWords.getInt32(from + 12, true), true);
      }
    } else if (offset >= len && len >= NATIVE) output.copyWithin(out, from, from + len);
    else for (let i = 0; i < len; i++) output[out + i] = output[from + i];
    out += len;
  }
  if (out !== outLen) throw new Error(`snappy: the block decodes to ${out} bytes, its page header says ${outLen}`);
}
