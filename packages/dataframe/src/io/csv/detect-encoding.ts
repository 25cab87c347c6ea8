/**
 * Recognises input that is not UTF-8 text before it is read as CSV, so the user sees "this file
 * is UTF-16" or "this is not text" instead of garbage column names: UTF-16/UTF-32 byte order
 * marks, gzip/zstd/zip/Parquet/Arrow magic numbers, and NUL bytes (binary data, or UTF-16 without a BOM).
 */

/** Throws an Error naming the file and what it is; returns quietly for plausible UTF-8 text. */
export function checkTextEncoding(head: Uint8Array, path: string): void {
  const b = head;
  const starts = (...bytes: number[]): boolean => bytes.every((x, i) => b[i] === x);
  const convert = (from: string): string => `floe reads UTF-8; convert it first, e.g. iconv -f ${from} -t UTF-8 ${path} > ${path.replace(/(\.\w+)?$/, '.utf8$1')}`;
  if (starts(0xff, 0xfe, 0, 0) || starts(0, 0, 0xfe, 0xff)) throw new Error(`readCsv: ${path} is UTF-32 text (it starts with a UTF-32 byte order mark); ${convert('UTF-32')}`);
  if (starts(0xff, 0xfe)) throw new Error(`readCsv: ${path} is UTF-16 text (it starts with the byte order mark FF FE, little-endian); ${convert('UTF-16LE')}`);
  if (starts(0xfe, 0xff)) throw new Error(`readCsv: ${path} is UTF-16 text (it starts with the byte order mark FE FF, big-endian); ${convert('UTF-16BE')}`);
  if (starts(0x1f, 0x8b)) throw new Error(`readCsv: ${path} is gzip-compressed but not named .gz; name it ${path.replace(/(\.\w+)?$/, '$1.gz')} to read it compressed, or decompress it (gunzip -k)`);
  if (starts(0x28, 0xb5, 0x2f, 0xfd)) throw new Error(`readCsv: ${path} is zstd-compressed but not named .zst; name it ${path.replace(/(\.\w+)?$/, '$1.zst')} to read it compressed, or decompress it (zstd -d)`);
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    // an Excel or OpenDocument workbook is a zip of XML: extracting it gives no CSV (that advice was wrong)
    const sheet = /\.(xlsx|xlsm|ods)$/i.test(path) || Buffer.from(b.buffer, b.byteOffset, b.byteLength).includes('xl/');
    if (sheet) throw new Error(`readCsv: ${path} is a spreadsheet workbook (xlsx/ods), not CSV; save the sheet as CSV (Excel: File → Save As → CSV UTF-8), or convert it: libreoffice --headless --convert-to csv ${path}`);
    throw new Error(`readCsv: ${path} is a zip archive; extract the CSV files from it first`);
  }
  // a Parquet or Arrow file read as CSV (piped in, or named .csv): say what it is and how it is read
  if (starts(0x50, 0x41, 0x52, 0x31)) throw new Error(`readCsv: ${path} is a Parquet file (it starts with PAR1); read it with readParquet, or give the CLI its path named .parquet (standard input is read as CSV)`);
  if (starts(0x41, 0x52, 0x52, 0x4f, 0x57, 0x31) || starts(0xff, 0xff, 0xff, 0xff)) throw new Error(`readCsv: ${path} is an Arrow IPC file; read it with readIpc, or give the CLI its path named .arrow (standard input is read as CSV)`);
  const nul = b.indexOf(0);
  if (nul < 0) return;
  // UTF-16 without a BOM: ASCII text with a NUL byte after (LE) or before (BE) every character
  let even = 0;
  let odd = 0;
  const n = Math.min(b.length, 4096);
  for (let i = 0; i < n; i++) if (b[i] === 0) { if (i % 2 === 0) even++; else odd++; }
  if (odd > n / 4 && even < n / 50) throw new Error(`readCsv: ${path} looks like UTF-16LE text without a byte order mark (every other byte is NUL); ${convert('UTF-16LE')}`);
  if (even > n / 4 && odd < n / 50) throw new Error(`readCsv: ${path} looks like UTF-16BE text without a byte order mark (every other byte is NUL); ${convert('UTF-16BE')}`);
  let line = 1;
  for (let i = 0; i < nul; i++) if (b[i] === 0x0a) line++;
  throw new Error(`readCsv: ${path} does not look like CSV text: it has a NUL byte at offset ${nul} (line ${line}); is it a binary file?`);
}
