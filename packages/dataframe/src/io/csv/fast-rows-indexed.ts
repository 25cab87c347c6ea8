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
import { FAST_BOOL, FAST_DATE, FAST_FLOAT, FAST_INT, FAST_SKIP, FAST_STRING, FAST_TS, FAST_TSPARTS, outputDeclarations, partExpr, rowLoop, setNull, timestampFromText, type FastShape } from './fast-rows.js';

export function generateIndexed(shape: FastShape): string {
  const { kinds, delimiter: D, quote: Q, decimal: DEC } = shape;
  const nf = kinds.length;
  const bail = 'p = row; k = rowK; break rows;';
  const body: string[] = [];
  const digits = (from: number, to: number): string => {
    const list: string[] = [];
    for (let i = from; i < to; i++) list.push(`DIGIT[buf[p + ${i}]]`);
    return `((${list.join(' | ')}) & 0xf0) === 0`;
  };
  for (let f = 0; f < nf; f++) {
    const k = kinds[f];
    // e: where the field ends (its delimiter or line end); a quoted text field: its content [s, e) and then e = p
    body.push(`{`);
    if (k === FAST_STRING || k === FAST_SKIP) {
      const take = k === FAST_STRING ? `O${f}[n] = T${f}.intern(buf, p + 1, q);` : '';
      body.push(`let e = POS[k] + base;
        if (e === p && buf[p] === ${Q}) {
          ${shape.escape >= 0 ? bail : `// the closing quote: the next quote position (delimiters and CRs inside are text; a line feed is not taken)
          let j = k + 1, q = POS[j] + base;
          while (buf[q] !== ${Q}) { if (buf[q] === 10 || !(q < end)) { ${bail} } q = POS[++j] + base; }
          if (POS[j + 1] + base !== q + 1) { ${bail} }
          ${take}
          k = j + 1; e = q + 1; p = e;`}
        } else if (buf[e] === ${Q}) { ${bail} }`);
      if (k === FAST_STRING) {
        body.push(`else {
          const len = e - p;
          if (len === 0 || (len < NL.length && NL[len] === 1 && matchesNullToken(buf, p, e, TOKENS, true))) { ${setNull(f)} }
          else O${f}[n] = T${f}.intern(buf, p, e);
          p = e;
        }`);
      } else body.push(`else p = e;`);
    } else {
      body.push(`const e = POS[k] + base;
        if (buf[e] === ${Q} || buf[p] === ${Q}) { ${bail} }`);
      switch (k) {
        case FAST_INT:
          body.push(`{
            let j = p, neg = false;
            if (buf[j] === 45) { neg = true; j++; }
            const nd = e - j;
            if (nd === 0) { if (neg) { ${bail} } ${setNull(f)} }
            else if (nd > 15) { ${bail} }
            else {
              let v = 0;
              for (; j < e; j++) { const d = buf[j] - 48; if (d < 0 || d > 9) { ${bail} } v = v * 10 + d; }
              O${f}[n] = neg ? 0 - v : v;
            }
          }`);
          break;
        case FAST_FLOAT:
          body.push(`if (e === p) { ${setNull(f)} } else {
            let j = p, neg = false;
            if (buf[j] === 45) { neg = true; j++; }
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
          }`);
          break;
        case FAST_BOOL:
          body.push(`{
            const len = e - p;
            if (len === 4 && (buf[p] | 32) === 116 && (buf[p + 1] | 32) === 114 && (buf[p + 2] | 32) === 117 && (buf[p + 3] | 32) === 101) O${f}[n] = 1;
            else if (len === 5 && (buf[p] | 32) === 102 && (buf[p + 1] | 32) === 97 && (buf[p + 2] | 32) === 108 && (buf[p + 3] | 32) === 115 && (buf[p + 4] | 32) === 101) O${f}[n] = 0;
            else if (len === 0) { ${setNull(f)} }
            else { ${bail} }
          }`);
          break;
        case FAST_DATE:
          body.push(`if (e - p === 10 && buf[p + 4] === 45 && buf[p + 7] === 45 && ${digits(0, 4)} && ${digits(5, 7)} && ${digits(8, 10)}) {
            const y = DIGIT[buf[p]] * 1000 + DIGIT[buf[p + 1]] * 100 + DIGIT[buf[p + 2]] * 10 + DIGIT[buf[p + 3]];
            const mo = DIGIT[buf[p + 5]] * 10 + DIGIT[buf[p + 6]], d = DIGIT[buf[p + 8]] * 10 + DIGIT[buf[p + 9]];
            if (mo < 1 || mo > 12 || d < 1 || (d > 28 && !isValidCivil(y, mo, d))) { ${bail} }
            O${f}[n] = daysFromCivil(y, mo, d);
          } else if (e === p) { ${setNull(f)} }
          else { ${bail} }`);
          break;
        case FAST_TS:
        case FAST_TSPARTS: {
          const store = k === FAST_TS
            ? `O${f}[n] = daysFromCivil(y, mo, d) * 86400000 + h * 3600000 + mi * 60000 + s * 1000;`
            : (shape.parts[f] ?? []).map((part, j) => `P${f}_${j}[n] = ${partExpr(part)};`).join(' ');
          const other = k === FAST_TS
            ? `else if (e === p) { ${setNull(f)} }
            else {
              // a fraction of a second or a zone: the general timestamp parser of the field
              const off = parseTimestampParts(buf, p, e);
              if (off !== off) { ${bail} }
              O${f}[n] = partsToMs(off);
            }`
            : `else { ${bail} }`;
          body.push(`const len = e - p;
          if ((len === 10 || (len === 19 && (buf[p + 10] === 32 || buf[p + 10] === 84) && buf[p + 13] === 58 && buf[p + 16] === 58 && ${digits(11, 13)} && ${digits(14, 16)} && ${digits(17, 19)}))
              && buf[p + 4] === 45 && buf[p + 7] === 45 && ${digits(0, 4)} && ${digits(5, 7)} && ${digits(8, 10)}) {
            ${timestampFromText(bail, store)}
          } ${other}`);
          break;
        }
      }
      body.push(`p = e;`);
    }
    // p is at the field's terminator, POS[k] is it
    if (f < nf - 1) body.push(`if (buf[p] !== ${D}) { ${bail} } p++; k++;`);
    else {
      const trailing = shape.trailingDelimiter
        ? `else if (c === ${D} && buf[p + 1] === 10) { p += 2; k += 2; } else if (c === ${D} && buf[p + 1] === 13 && buf[p + 2] === 10) { p += 3; k += 3; }`
        : '';
      body.push(`const c = buf[p]; if (c === 10) { p++; k++; } else if (c === 13 && buf[p + 1] === 10) { p += 2; k += 2; } ${trailing} else { ${bail} }`);
    }
    body.push(`}`);
  }
  return rowLoop(shape, true, outputDeclarations(shape), body);
}
