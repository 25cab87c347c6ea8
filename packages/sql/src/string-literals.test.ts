import { describe, expect, it } from 'vitest';
import { plainStringLiterals, restoreBackslashes } from './string-literals.js';

describe('plainStringLiterals', () => {
  it("rewrites each literal in place to the same length: backslashes of '…' as the mark, E'…' decoded and padded", () => {
    const text = "select 'c:\\new', E'a\\tb\\'c' as x -- E'not\\n' 'here\\'\nfrom \"E'name\\\"\" /* 'x\\' */";
    const { text: out, mark } = plainStringLiterals(text);
    expect(out.length).toBe(text.length);
    expect(out).toBe(`select 'c:${mark}new', 'a\tb''c'   as x -- E'not\\n' 'here\\'\nfrom "E'name\\"" /* 'x\\' */`);
  });

  it("takes E only as a prefix, not as the end of a name (type'x' is not an escape string)", () => {
    const { text: out, mark } = plainStringLiterals("select typE'a\\n', (E'a\\n')");
    expect(out).toBe(`select typE'a${mark}n', ('a\n'  )`);
  });

  it('picks a mark the query does not hold, and restoreBackslashes turns it back inside any string of the tree', () => {
    const { mark } = plainStringLiterals('select \ufdd0');
    expect(mark).toBe('\ufdd1');
    const tree = { a: [`x${mark}y`, 3, null], b: { c: `${mark}` } };
    expect(restoreBackslashes(tree, mark)).toEqual({ a: ['x\\y', 3, null], b: { c: '\\' } });
  });

  it('leaves an unclosed literal for the parser to report', () => {
    expect(plainStringLiterals("select 'abc").text).toBe("select 'abc");
    expect(plainStringLiterals("select E'ab\\'").text).toBe("select E'ab\\'");
  });
});
