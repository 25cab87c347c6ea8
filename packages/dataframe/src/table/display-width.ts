/**
 * Text in a box table's cell as a terminal shows it: control characters escaped, so that a row
 * stays one line (a value `line1\nline2` broke the table's border), and widths counted in
 * terminal columns — East Asian wide and fullwidth characters and most emoji take two, combining
 * marks none (`ａ` pushed its row's border one column right).
 */

/** `s` with control characters written as escapes: \n, \r, \t, others as \u{…}. */
export function tableText(s: string): string {
  let i = 0;
  while (i < s.length && !isControl(s.charCodeAt(i))) i++;
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isControl(c)) out += s[i];
    else out += c === 10 ? '\\n' : c === 13 ? '\\r' : c === 9 ? '\\t' : `\\u{${c.toString(16)}}`;
  }
  return out;
}

function isControl(c: number): boolean {
  return c < 0x20 || (c >= 0x7f && c < 0xa0);
}

/** Terminal columns `s` takes. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x300) w++;
    else if (isZeroWidth(cp)) continue;
    else w += isWide(cp) ? 2 : 1;
  }
  return w;
}

/** `s` padded with spaces to `width` terminal columns: after it, or before it (`start`). */
export function padDisplay(s: string, width: number, start = false): string {
  const fill = width - displayWidth(s);
  if (fill <= 0) return s;
  return start ? ' '.repeat(fill) + s : s + ' '.repeat(fill);
}

/** Combining marks, zero-width spaces and joiners, variation selectors. */
function isZeroWidth(cp: number): boolean {
  return (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x1ab0 && cp <= 0x1aff) || (cp >= 0x1dc0 && cp <= 0x1dff)
    || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x20d0 && cp <= 0x20ff) || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xfe20 && cp <= 0xfe2f);
}

/** East Asian Wide (W) and Fullwidth (F) ranges, and the emoji blocks terminals draw two wide. */
function isWide(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0x303e) || (cp >= 0x3041 && cp <= 0x33ff)
    || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xa000 && cp <= 0xa4cf)
    || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f)
    || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f)
    || (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd);
}
