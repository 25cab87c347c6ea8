/**
 * `encoding: 'latin1'` (also 'windows-1252'): text in the single-byte encoding of Windows and
 * Excel exports (é as one byte 0xE9), transcoded to UTF-8 as it is read — the files then take the
 * compressed files' path (one partition per file, streamed into a private UTF-8 temporary file
 * the CSV reader scans), and the schema sample is transcoded the same way. Decoded as
 * windows-1252 (what the web's 'latin1' label means: ISO-8859-1 with € and the curly quotes in
 * 0x80–0x9F). One byte is one character, so any cut of the bytes is a cut between characters.
 */
import { Transform } from 'node:stream';

/**
 * 0x80–0x9F in Windows-1252 (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ; five unassigned
 * bytes stay the C1 controls): Node 20's TextDecoder('windows-1252') decodes them as ISO-8859-1.
 */
const C1 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Windows-1252 bytes as UTF-8 bytes. */
export function latin1ToUtf8(bytes: Uint8Array): Buffer {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return Buffer.from(text.replace(/[\u0080-\u009f]/g, (c) => C1[c.charCodeAt(0) - 0x80]), 'utf8');
}

/** A stream that transcodes Windows-1252 to UTF-8 chunk by chunk. */
export function latin1Transcoder(): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, latin1ToUtf8(chunk));
    },
  });
}
