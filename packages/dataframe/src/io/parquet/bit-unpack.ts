/**
 * Bit-packed groups of Parquet's RLE/bit-packed hybrid: 8 values, `width` bits each, least
 * significant bit first, in exactly `width` bytes. One straight-line function per (width, kind)
 * is generated on first use and cached: the group's bytes are read once into locals and each
 * value is a constant-shift expression of the one to four bytes it spans, so no bit position is
 * computed at run time (a loop over positions cost ~4–5 ns a value; this 1–3).
 *
 * Kinds: `levels` and `indices` write the values themselves (definition levels into bytes,
 * dictionary indices into int32s); `f64` and `i32` write `dict[value]` — a dictionary page's
 * values gathered straight into the column, with no array of indices in between. Each kind is
 * its own function, so each stays monomorphic in its array types. The dictionary kinds check
 * every index against the dictionary (one past it means a corrupt page, not a value) without a
 * branch: they OR together `dict.length - 1 - index`, negative exactly when an index is past the
 * end, and return it (1.34 ns a value at 7 bits against 1.55 keeping the largest index with a
 * compare each).
 *
 * Only numbers are spliced into the generated source (width, shifts, masks); never data.
 */

export type UnpackKind = 'levels' | 'indices' | 'f64' | 'i32';

/** Unpacks `groups` whole groups from bytes[p…] into out[i…]; returns, for the dictionary kinds, a negative number when an index lies past `dict`, else ≥ 0 (0 for the others). */
export type Unpack8 = (bytes: Uint8Array, p: number, out: Uint8Array | Int32Array | Float64Array, i: number, groups: number, dict: Float64Array | Int32Array | null) => number;

const cache = new Map<string, Unpack8>();

export function unpacker(width: number, kind: UnpackKind): Unpack8 {
  if (!(Number.isInteger(width) && width >= 1 && width <= 24)) throw new Error(`bit-packed values ${width} bits wide: floe unpacks 1 to 24`);
  const key = `${kind}${width}`;
  let f = cache.get(key);
  if (f === undefined) {
    f = new Function('bytes', 'p', 'out', 'i', 'groups', 'dict', source(width, kind !== 'levels' && kind !== 'indices')) as Unpack8;
    cache.set(key, f);
  }
  return f;
}

function source(width: number, gather: boolean): string {
  const mask = 2 ** width - 1;
  const lines: string[] = [];
  for (let b = 0; b < width; b++) lines.push(`const b${b} = bytes[p + ${b}];`);
  for (let k = 0; k < 8; k++) {
    const start = k * width;
    const parts: string[] = [];
    for (let b = start >> 3; b <= (start + width - 1) >> 3; b++) {
      const shift = b * 8 - start; // where byte b starts, relative to the value's first bit
      parts.push(shift === 0 ? `b${b}` : shift > 0 ? `(b${b} << ${shift})` : `(b${b} >>> ${-shift})`);
    }
    const value = `(${parts.join(' | ')}) & ${mask}`;
    if (gather) lines.push(`const v${k} = ${value};`, `out[i + ${k}] = dict[v${k}];`);
    else lines.push(`out[i + ${k}] = ${value};`);
  }
  if (gather) lines.push(`bad |= ${Array.from({ length: 8 }, (_, k) => `(last - v${k})`).join(' | ')};`);
  const head = gather ? 'let bad = 0;\nconst last = dict.length - 1;' : 'const bad = 0;';
  return `${head}\nfor (let g = 0; g < groups; g++) {\n${lines.join('\n')}\np += ${width};\ni += 8;\n}\nreturn bad;`;
}
