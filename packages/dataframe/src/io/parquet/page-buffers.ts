/**
 * A page's bytes uncompressed. SNAPPY pages (most files: DuckDB's, Spark's, floe's) are decoded
 * into one of the thread's two page buffers (snappy.ts), not into a new array a page: a
 * chunk's dictionary page into the dictionary buffer (its values may be views of it while the
 * chunk's data pages are read), each data page into the data buffer. A page's bytes are
 * therefore good until the next page of the same kind is uncompressed in this thread — every
 * reader copies a page's values out before it reads the next page. Pages of other codecs go
 * through hyparquet's decompressPage (hyparquet-compressors for zstd, gzip, brotli, lz4).
 */
import type { ColumnDecoder, HyparquetPages } from './hyparquet-pages.js';
import { ReusedBytes } from './reused-bytes.js';
import { snappyInto } from './snappy.js';

export type PageKind = 'dictionary' | 'data';

/** A page up to 16 MB uncompressed is decoded into the buffer kept for its kind; a larger one gets an array of its own. */
const buffers: Record<PageKind, ReusedBytes> = { dictionary: new ReusedBytes(16 * 2 ** 20), data: new ReusedBytes(16 * 2 ** 20) };

export function uncompressPage(pages: HyparquetPages, compressed: Uint8Array, size: number, decoder: Pick<ColumnDecoder, 'codec' | 'compressors'>, kind: PageKind): Uint8Array {
  if (decoder.codec !== 'SNAPPY') return pages.decompressPage(compressed, size, decoder.codec, decoder.compressors);
  const page = buffers[kind].take(size);
  snappyInto(compressed, page);
  return page;
}
