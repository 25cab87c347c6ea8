import { describe, expect, it } from 'vitest';
import { GrammarError } from './grammar-error.js';
import { tokenize } from './tokenize.js';

const kinds = (s: string): string[] => tokenize(s, '--where').map((t) => `${t.kind}:${t.value}`);

function errorOf(s: string): GrammarError {
  try {
    tokenize(s, '--where');
  } catch (err) {
    if (err instanceof GrammarError) return err;
    throw err;
  }
  throw new Error(`no error for ${s}`);
}

describe('tokenize', () => {
  it('splits numbers, columns, operators and keywords, with keywords lower-cased', () => {
    expect(kinds('X0 >= 1.5e3 AND not x_1<>-2')).toEqual([
      'ident:X0', 'op:>=', 'number:1.5e3', 'keyword:and', 'keyword:not', 'ident:x_1', 'op:<>', 'op:-', 'number:2', 'eof:',
    ]);
  });

  it('reads single-quoted strings with doubled or backslashed quotes', () => {
    expect(kinds(`'it''s' 'it\\'s' 'a\\\\b' 'C:\\data'`)).toEqual(["string:it's", "string:it's", 'string:a\\b', 'string:C:\\data', 'eof:']);
  });

  it('reads double-quoted and backquoted column names, which are never keywords', () => {
    const t = tokenize('"my col" `and` "say ""hi"""', '--where');
    expect(t.map((x) => [x.kind, x.value, x.quoted ?? false])).toEqual([
      ['ident', 'my col', true], ['ident', 'and', true], ['ident', 'say "hi"', true], ['eof', '', false],
    ]);
  });

  it('accepts letters beyond ASCII in column names', () => {
    expect(kinds('größe')).toEqual(['ident:größe', 'eof:']);
  });

  it('records each token’s offsets', () => {
    expect(tokenize('a  >= 10', 'x').map((t) => [t.start, t.end])).toEqual([[0, 1], [3, 5], [6, 8], [8, 8]]);
  });

  it('rejects characters outside the language, at their column', () => {
    expect(errorOf('process.exit(1)').message).toBe(`--where: unexpected character '.' at column 8; quote column names that contain dots or spaces, e.g. "a.b" or \`a b\``);
    expect(errorOf('${1}').message).toBe("--where: unexpected character '$' at column 1");
    expect(errorOf('a; b').message).toBe("--where: unexpected character ';' at column 2");
    expect(errorOf('x[0]').pos).toBe(1);
    expect(errorOf('a && b').message).toBe("--where: unexpected character '&' at column 3; write 'and' instead of '&&'");
  });

  it('reports an unterminated string at its opening quote', () => {
    expect(errorOf("X = 'abc").message).toBe("--where: unterminated string at column 5; close it with '");
    expect(errorOf('"abc').message).toBe('--where: unterminated quoted column name at column 1; close it with "');
  });

  it('rejects a number glued to a name', () => {
    expect(errorOf('10abc > 1').message).toMatch(/^--where: invalid number '10abc' at column 1/);
  });
});
