/**
 * The fast row parser's indexed variant: fields found through a structural index
 * (structural-index.ts: the positions of every delimiter, quote, LF and CR) instead of byte
 * loops, so a skipped field costs one load and every value is parsed between known bounds.
 *
 * Same contract as fast-rows.ts (which chooses between the two): plain rows only, anything else
 * given back to RowScanner's general loop at its row start (with the index position of that row),
 * no grammar and no error of its own. The index is built over whole rows (up to the last line
 * feed of the buffer), so every field's end is in it.
 */
import { DATE_DIGITS, internOrNull, outputDeclarations, partExpr, rowLoop, setNull, TIME_DIGITS, timestampFromText, trueOrFalse, type FastShape } from './fast-rows.js';
import { K_BOOL, K_DATE, K_FLOAT, K_INT, K_SKIP, K_STRING, K_TS, K_TSPARTS } from './field-kind.js';

export function generateIndexed(shape: FastShape): string {
  const { kinds, delimiter: D, quote: Q } = shape;
  const nf = kinds.length;
  const bail = 'p = row; k = rowK; break rows;';
  const body: string[] = [];
  for (let f = 0; f < nf; f++) {
    const run = skippedRun(kinds, f);
    if (run === 0) {
      body.push(...fieldCode(shape, f, bail));
      continue;
    }
    // unprojected fields f … f + run − 1: when none holds a quote (each one's terminator is a
    // delimiter, the row's last one's is not a quote), one step past them; else field by field
    const ends = f + run === nf;
    const checks = Array.from({ length: ends ? run - 1 : run }, (_, i) => `buf[POS[k + ${i}] + base] === ${D}`);
    if (ends) checks.push(`buf[POS[k + ${run - 1}] + base] !== ${Q}`);
    const step = ends ? `p = POS[k + ${run - 1}] + base; k += ${run - 1};` : `p = POS[k + ${run - 1}] + base + 1; k += ${run};`;
    body.push(`{ if (${checks.join(' && ')}) { ${step} } else {`);
    for (let g = f; g < f + run; g++) body.push(...fieldCode(shape, g, bail, !(ends && g === nf - 1)));
    body.push(`}`);
    if (ends) body.push(rowEnd(shape, bail));
    body.push(`}`);
    f += run - 1;
  }
  // numbers are read through a view, up to 8 bytes from a field's start: LIMIT is the last start that may
  // (and none past tables.wordsUpTo: a first call's later rows take the digit loops)
  const numbers = kinds.some((k) => k === K_INT || k === K_FLOAT);
  const decls = numbers ? [...outputDeclarations(shape), 'const DV = new DataView(buf.buffer, buf.byteOffset, buf.byteLength), LIMIT = Math.min(buf.length - 8, tables.wordsUpTo);'] : outputDeclarations(shape);
  return rowLoop(shape, true, decls, body);
}

/**
 * How many unprojected fields start at f (0 when f is projected). A run of them is crossed in
 * one step when none holds a quote: field by field, each cost a position, two byte loads and
 * three compares (db-benchmark's rows: five to seven of nine fields skipped).
 */
function skippedRun(kinds: Uint8Array, f: number): number {
  let end = f;
  while (end < kinds.length && kinds[end] === K_SKIP) end++;
  return end - f;
}

/** The row's end (p at the last field's terminator, POS[k] it): a line feed, CR LF, or (trailing delimiter) either after a delimiter. */
function rowEnd(shape: FastShape, bail: string): string {
  const D = shape.delimiter;
  const trailing = shape.trailingDelimiter
    ? `else if (c === ${D} && buf[p + 1] === 10) { p += 2; k += 2; } else if (c === ${D} && buf[p + 1] === 13 && buf[p + 2] === 10) { p += 3; k += 3; }`
    : '';
  return `{ const c = buf[p]; if (c === 10) { p++; k++; } else if (c === 13 && buf[p + 1] === 10) { p += 2; k += 2; } ${trailing} else { ${bail} } }`;
}

/** The code of field f: its value parsed (or crossed), then (`terminator`) its terminator checked and stepped over. */
function fieldCode(shape: FastShape, f: number, bail: string, terminator = true): string[] {
  const { kinds, delimiter: D, quote: Q, decimal: DEC } = shape;
  const nf = kinds.length;
  const body: string[] = [];
  const k = kinds[f];
  // e: where the field ends (its delimiter or line end); a quoted text field: its content [s, e) and then e = p
  body.push(`{`);
  if (k === K_STRING || k === K_SKIP) {
    const take = k === K_STRING ? `D${f}.add(n, p + 1, q, row, rowK);` : '';
    body.push(`let e = POS[k] + base;
      if (e === p && buf[p] === ${Q}) {
        ${shape.escape >= 0 ? bail : `// the closing quote: the next quote position (delimiters and CRs inside are text; a line feed is not taken)
        let j = k + 1, q = POS[j] + base;
        while (buf[q] !== ${Q}) { if (buf[q] === 10 || !(q < end)) { ${bail} } q = POS[++j] + base; }
        if (POS[j + 1] + base !== q + 1) { ${bail} }
        ${take}
        k = j + 1; e = q + 1; p = e;`}
      } else if (buf[e] === ${Q}) { ${bail} }`);
    if (k === K_STRING) {
      body.push(`else {
        ${internOrNull(f, 'p', 'e', 'rowK')}
        p = e;
      }`);
    } else body.push(`else p = e;`);
  } else {
    body.push(`const e = POS[k] + base;
      if (buf[e] === ${Q} || buf[p] === ${Q}) { ${bail} }`);
    switch (k) {
      case K_INT:
        body.push(`{
          let j = p, neg = false;
          if (buf[j] === 45) { neg = true; j++; }
          const nd = e - j;
          if (nd === 0) { if (neg) { ${bail} } ${setNull(f)} }
          else if (nd > 15) { ${bail} }
          else {
            // up to 8 digits four at a time (digitsCode); -1 (a byte not a digit, or too near the buffer's end): the loop, which bails
            let v = -1;
            if (nd <= 8 && j <= LIMIT) { ${digitsCode('j', 'nd', 'v')} }
            if (v < 0) {
              v = 0;
              for (; j < e; j++) { const d = buf[j] - 48; if (d < 0 || d > 9) { ${bail} } v = v * 10 + d; }
            }
            O${f}[n] = neg ? 0 - v : v;
          }
        }`);
        break;
      case K_FLOAT:
        body.push(`if (e === p) { ${setNull(f)} } else {
          let j = p, neg = false;
          if (buf[j] === 45) { neg = true; j++; }
          // digits, a decimal byte, digits — at most 8 on each side, 15 in all: both sides four
          // digits at a time (digitsCode), the same exact integer and one division as the loops below
          let dot = j;
          while (dot < e && buf[dot] !== ${DEC}) dot++;
          const ni = dot - j, nfr = dot < e ? e - dot - 1 : 0;
          if (ni <= 8 && nfr <= 8 && ni + nfr > 0 && ni + nfr <= 15 && e <= LIMIT) {
            let a = 0, b = 0;
            if (ni > 0) { a = -1; ${digitsCode('j', 'ni', 'a')} }
            if (nfr > 0 && a >= 0) { b = -1; const at = dot + 1; ${digitsCode('at', 'nfr', 'b')} }
            if (a >= 0 && b >= 0) { const x = nfr === 0 ? a : (a * POW10[nfr] + b) / POW10[nfr]; O${f}[n] = neg ? -x : x; j = -1; }
          }
          if (j >= 0) {
          let v = 0, nd = 0, frac = 0, d = 0;
          for (; j < e; j++) { d = buf[j] - 48; if (d < 0 || d > 9) break; v = v * 10 + d; nd++; }
          if (j < e && buf[j] === ${DEC}) {
            for (j++; j < e; j++) { d = buf[j] - 48; if (d < 0 || d > 9) break; v = v * 10 + d; frac++; }
          }
          if (j === e && nd + frac > 0 && nd + frac <= 15) { const x = frac === 0 ? v : v / POW10[frac]; O${f}[n] = neg ? -x : x; }
          else if (nd + frac > 0 && ${DEC === 46 ? 'true' : 'false'}) {
            // an exponent or 16+ digits: the correctly rounded parser (NaN: not a number)
            const x = parseFloatBytes(buf, p, e);
            if (x !== x) { ${bail} }
            O${f}[n] = x;
          } else { ${bail} }
          }
        }`);
        break;
      case K_BOOL:
        body.push(`{
          const len = e - p;
          ${trueOrFalse(f, 'p')}
          else if (len === 0) { ${setNull(f)} }
          else { ${bail} }
        }`);
        break;
      case K_DATE:
        body.push(`if (e - p === 10 && buf[p + 4] === 45 && buf[p + 7] === 45 && ${DATE_DIGITS}) {
          const len = 10;
          ${timestampFromText(bail, `O${f}[n] = daysFromCivil(y, mo, d);`)}
        } else if (e === p) { ${setNull(f)} }
        else { ${bail} }`);
        break;
      case K_TS:
      case K_TSPARTS: {
        const store = k === K_TS
          ? `O${f}[n] = daysFromCivil(y, mo, d) * 86400000 + h * 3600000 + mi * 60000 + s * 1000;`
          : (shape.parts[f] ?? []).map((part, j) => `P${f}_${j}[n] = ${partExpr(part)};`).join(' ');
        const other = k === K_TS
          ? `else if (e === p) { ${setNull(f)} }
          else {
            // a fraction of a second or a zone: the general timestamp parser of the field
            const off = parseTimestampParts(buf, p, e);
            if (off !== off) { ${bail} }
            O${f}[n] = partsToMs(off);
          }`
          : `else { ${bail} }`;
        body.push(`const len = e - p;
        if ((len === 10 || (len === 19 && (buf[p + 10] === 32 || buf[p + 10] === 84) && buf[p + 13] === 58 && buf[p + 16] === 58 && ${TIME_DIGITS}))
            && buf[p + 4] === 45 && buf[p + 7] === 45 && ${DATE_DIGITS}) {
          ${timestampFromText(bail, store)}
        } ${other}`);
        break;
      }
    }
    body.push(`p = e;`);
  }
  // p is at the field's terminator, POS[k] is it
  if (terminator) body.push(f < nf - 1 ? `if (buf[p] !== ${D}) { ${bail} } p++; k++;` : rowEnd(shape, bail));
  body.push(`}`);
  return body;
}

/**
 * Code that sets `out` to the value of the `count` (1–8) ASCII digits at buf[at, at + count),
 * read through the view DV, when all are digits (else leaves it). Reads DV[at, at + 8): the
 * caller checks that it may. Inline in the parser: a helper call a field was not inlined into it.
 *
 * Why: a digit loop's `v = v * 10 + d` is a chain of dependent float multiply-adds, ~8 cycles a
 * digit (`56.229525`: ~20 ns). Here a word's four digits are combined in int32 lanes (SWAR):
 * each byte less '0', shifted up so the digits fill the high bytes and zeros (leading zeros) the
 * low ones — the bytes past the field, and any borrow they took, leave through the top; a lane
 * holds a digit when neither it nor it + 0x76 reaches 0x80; then 10 · a digit + the next in lanes
 * 0 and 2, and 100 · the first pair + the second. The first word holds the first
 * min(count, 4) digits, the second the rest (0 when none).
 */
export function digitsCode(at: string, count: string, out: string): string {
  return `{
    let w = (DV.getUint32(${at}, true) - 0x30303030) << (${count} >= 4 ? 0 : 32 - 8 * ${count});
    let u = ${count} > 4 ? (DV.getUint32(${at} + 4, true) - 0x30303030) << (64 - 8 * ${count}) : 0;
    if ((((w + 0x76767676) | w | (u + 0x76767676) | u) & 0x80808080) === 0) {
      w = (Math.imul(w, 10) + (w >>> 8)) & 0x00ff00ff;
      w = (Math.imul(w, 100) + (w >>> 16)) & 0x3fff;
      u = (Math.imul(u, 10) + (u >>> 8)) & 0x00ff00ff;
      u = (Math.imul(u, 100) + (u >>> 16)) & 0x3fff;
      ${out} = ${count} > 4 ? w * POW10[${count} - 4] + u : w;
    }
  }`;
}
