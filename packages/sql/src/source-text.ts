/**
 * Positions in the query text, for errors about nodes the parser kept no location for (column
 * names): the first place the name occurs as a whole word outside quotes.
 */
import type { SqlPosition } from './sql-error.js';

export function positionAt(text: string, offset: number): SqlPosition {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') { line++; start = i + 1; }
  }
  return { line, column: offset - start + 1 };
}

/** The first whole-word, unquoted (or double-quoted) occurrence of `word`, case-insensitive. */
export function findWord(text: string, word: string): SqlPosition | null {
  const lower = text.toLowerCase();
  const w = word.toLowerCase();
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") { if (c === "'") quote = null; continue; }
    if (c === "'") { quote = c; continue; }
    if (lower.startsWith(w, i) && !isWordChar(text[i - 1]) && !isWordChar(text[i + w.length])) return positionAt(text, i);
  }
  return null;
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}
