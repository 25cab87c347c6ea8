/**
 * hyparquet's page-level decoders (page headers, decompression, definition levels, PLAIN /
 * dictionary / delta / byte-stream-split values). Its public `parquetRead` runs every OPTIONAL
 * column through a nested-list assembler that builds one boxed JS array per column chunk, which
 * cost about three quarters of the read time (see benchmarks/RESULTS-parquet.md); floe reads only
 * flat columns, so it uses these decoders directly and writes values into typed arrays
 * (decode-column-chunk.ts). They are not in the package's `exports`, so they are loaded from the
 * package's own folder; the version is pinned exactly in package.json, and the parquet tests
 * cover every path used here.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompressionCodec, Compressors, DecodedArray, PageHeader, ParquetParsers, ParquetType, SchemaElement } from 'hyparquet';

/** hyparquet's ColumnDecoder (not exported by its types): how to decode one column's pages. */
export interface ColumnDecoder {
  pathInSchema: string[];
  type: ParquetType;
  element: SchemaElement;
  schemaPath: { element: SchemaElement; children: unknown[]; count: number; path: string[] }[];
  codec: CompressionCodec;
  parsers: Partial<ParquetParsers>;
  compressors?: Compressors;
  utf8?: boolean;
}

export interface DataReader { view: DataView; offset: number }

export interface DataPage { definitionLevels: number[]; repetitionLevels: number[]; dataPage: DecodedArray }

export interface HyparquetPages {
  parquetHeader(reader: DataReader): PageHeader;
  decompressPage(bytes: Uint8Array, size: number, codec: ColumnDecoder['codec'], compressors: ColumnDecoder['compressors']): Uint8Array;
  readDataPage(bytes: Uint8Array, header: NonNullable<PageHeader['data_page_header']>, decoder: ColumnDecoder): DataPage;
  readDataPageV2(bytes: Uint8Array, header: PageHeader, decoder: ColumnDecoder): DataPage;
  readPlain(reader: DataReader, type: ColumnDecoder['type'], count: number, fixedLength: number | undefined): DecodedArray;
  convert(data: DecodedArray, decoder: ColumnDecoder): DecodedArray;
}

let loaded: Promise<HyparquetPages> | null = null;

export function hyparquetPages(): Promise<HyparquetPages> {
  loaded ??= (async () => {
    const src = dirname(createRequire(import.meta.url).resolve('hyparquet'));
    const load = (file: string) => import(pathToFileURL(join(src, file)).href) as Promise<Record<string, unknown>>;
    const [column, datapage, plain, convert] = await Promise.all([load('column.js'), load('datapage.js'), load('plain.js'), load('convert.js')]);
    const pages = {
      parquetHeader: column.parquetHeader,
      decompressPage: datapage.decompressPage,
      readDataPage: datapage.readDataPage,
      readDataPageV2: datapage.readDataPageV2,
      readPlain: plain.readPlain,
      convert: convert.convert,
    };
    for (const [name, fn] of Object.entries(pages)) {
      if (typeof fn !== 'function') throw new Error(`hyparquet ${src}: ${name} is missing; floe needs the hyparquet version pinned in its package.json`);
    }
    return pages as unknown as HyparquetPages;
  })();
  return loaded;
}
