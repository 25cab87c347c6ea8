import { describe, expect, it } from 'vitest';
import { children, type Ast } from './ast.js';
import { GrammarError } from './grammar-error.js';
import { parseExpr, parseList } from './parse-expr.js';

/** The tree as an s-expression: `(and (gt X0 5) (lt X1 3))`. */
function show(a: Ast): string {
  switch (a.kind) {
    case 'number': return String(a.value);
    case 'string': return JSON.stringify(a.value);
    case 'bool': return String(a.value);
    case 'column': return a.name;
    case 'star': return '*';
    case 'call': return `${a.name}(${a.args.map(show).join(' ')})`;
    case 'neg': return `(neg ${show(a.arg)})`;
    case 'not': return `(not ${show(a.arg)})`;
    case 'isNull': return `(${a.negate ? 'notnull' : 'null'} ${show(a.arg)})`;
    case 'binary': return `(${a.op} ${show(a.left)} ${show(a.right)})`;
  }
}

const p = (s: string): string => show(parseExpr(s, '--where'));

function errorOf(s: string, parse: (s: string) => unknown = (x) => parseExpr(x, '--where')): string {
  try {
    parse(s);
  } catch (err) {
    if (err instanceof GrammarError) return err.message;
    throw err;
  }
  throw new Error(`no error for ${s}`);
}

describe('parseExpr precedence', () => {
  it('binds * / % tighter than + -, and both left to right', () => {
    expect(p('a + b * c - d / e % f')).toBe('(sub (add a (mul b c)) (mod (div d e) f))');
    expect(p('a - b - c')).toBe('(sub (sub a b) c)');
  });

  it('binds comparisons tighter than not, not tighter than and, and tighter than or', () => {
    expect(p('a > 1 or b < 2 and not c = 3')).toBe('(or (gt a 1) (and (lt b 2) (not (eq c 3))))');
  });

  it('reads every comparison operator', () => {
    expect(p('a = 1 and b == 2 and c != 3 and d <> 4 and e < 5 and f <= 6 and g > 7 and h >= 8')).toBe(
      '(and (and (and (eq a 1) (eq b 2)) (and (neq c 3) (neq d 4))) (and (and (lt e 5) (lte f 6)) (and (gt g 7) (gte h 8))))',
    );
  });

  it('builds and/or chains as balanced trees (the same meaning, log2 of the depth), keeping each operator\'s column', () => {
    expect(p('a and b and c')).toBe('(and (and a b) c)');
    expect(p('a or b or c or d or e')).toBe('(or (or (or a b) c) (or d e))');
    const ast = parseExpr('a and b and c and d', '--where');
    expect(ast.kind === 'binary' && [ast.opStart, ast.start, ast.end]).toEqual([8, 0, 19]); // the middle 'and'
  });

  it('lets parentheses override precedence', () => {
    expect(p('(a + b) * c')).toBe('(mul (add a b) c)');
    expect(p('(a > 1 or b > 2) and c > 3')).toBe('(and (or (gt a 1) (gt b 2)) (gt c 3))');
    expect(p('((a))')).toBe('a');
  });

  it('reads unary minus as tighter than *', () => {
    expect(p('-a * -2')).toBe('(mul (neg a) (neg 2))');
    expect(p('a - -1')).toBe('(sub a (neg 1))');
  });

  it('reads is null and is not null, looser than arithmetic', () => {
    expect(p('X0 is null')).toBe('(null X0)');
    expect(p('X0 + 1 IS NOT NULL and not X1 is null')).toBe('(and (notnull (add X0 1)) (not (null X1)))');
  });

  it('reads strings, booleans, quoted columns and function calls', () => {
    expect(p(`name = 'O''Brien'`)).toBe('(eq name "O\'Brien")');
    expect(p(`"first name" = 'it\\'s' or \`b c\` = true`)).toBe(`(or (eq first name "it's") (eq b c true))`);
    expect(p('year(Date) >= 2010')).toBe('(gte year(Date) 2010)');
    expect(p('count(*)')).toBe('count(*)');
    expect(p('MAX(a) - min(b)')).toBe('(sub max(a) min(b))');
  });

  it('keeps source offsets for error messages', () => {
    const a = parseExpr('  X0 >  5', 'w');
    expect([a.start, a.end]).toEqual([2, 9]);
    if (a.kind !== 'binary') throw new Error('expected binary');
    expect(a.opStart).toBe(5);
  });
});

describe('parseExpr errors', () => {
  it('point at the column of the problem', () => {
    expect(errorOf('X0 > 5)')).toBe("--where: unexpected ')' at column 7; it has no matching '('");
    expect(errorOf('(X0 > 5')).toBe("--where: unexpected end of text at column 8; expected ')' to close the '(' at column 1");
    expect(errorOf('X0 >')).toBe('--where: unexpected end of text at column 5; expected a column, number, quoted string or (');
    expect(errorOf('X0 > 5 X1')).toBe("--where: unexpected 'X1' at column 8; expected an operator or the end of the expression");
    expect(errorOf('')).toBe('--where: expected an expression at column 1; the text is empty');
  });

  it('explain common mistakes', () => {
    expect(errorOf('a < b < c')).toBe("--where: unexpected '<' at column 7; comparisons don't chain; join them with 'and', e.g. 'a < b and b < c'");
    expect(errorOf('a = null')).toBe("--where: unexpected null at column 5; test for missing values with 'X is null' or 'X is not null'");
    expect(errorOf('a is 5')).toBe("--where: expected null after 'is' at column 6; write 'X is null' or 'X is not null'");
    expect(errorOf('and > 1')).toBe(`--where: unexpected keyword 'and' at column 1; quote a column named and, e.g. "and"`);
  });

  it('reject JavaScript, whatever it tries', () => {
    expect(errorOf('process.exit(1)')).toMatch(/^--where: unexpected character '\.' at column 8/);
    expect(errorOf('constructor.constructor(\'x\')()')).toMatch(/^--where: unexpected character '\.' at column 12/);
    expect(errorOf('${1}')).toMatch(/^--where: unexpected character '\$' at column 1/);
    expect(errorOf('x => 1')).toMatch(/^--where: unexpected '>' at column 4/);
    expect(errorOf('a; process.exit()')).toMatch(/^--where: unexpected character ';' at column 2/);
    expect(errorOf('[1].map(f)')).toMatch(/^--where: unexpected character '\[' at column 1/);
    expect(errorOf('f()()')).toMatch(/^--where: unexpected '\(' at column 4/);
  });

  it('read a backquoted template as nothing but a column name', () => {
    expect(p('`${1}` = 1')).toBe('(eq ${1} 1)');
  });
});

describe('parseList', () => {
  it('splits on commas outside parentheses and strings, with optional as-names', () => {
    const items = parseList("sum(X0), max(a, 'x,y') - min(b) as range, count(*) AS \"n rows\"", '--agg');
    expect(items.map((i) => [show(i.ast), i.alias, i.text])).toEqual([
      ['sum(X0)', null, 'sum(X0)'],
      ['(sub max(a "x,y") min(b))', 'range', "max(a, 'x,y') - min(b)"],
      ['count(*)', 'n rows', 'count(*)'],
    ]);
  });

  it('rejects empty items and a missing name after as', () => {
    const list = (s: string) => parseList(s, '--agg');
    expect(errorOf('sum(X0),', list)).toBe('--agg: expected an expression at column 9; remove the extra comma');
    expect(errorOf(',sum(X0)', list)).toBe('--agg: expected an expression at column 1; the text is empty');
    expect(errorOf('sum(X0) as', list)).toMatch(/^--agg: expected a name after as at column 11/);
    expect(errorOf('sum(X0) as 5', list)).toMatch(/^--agg: expected a name after as at column 12/);
  });
});

describe('parseExpr limits (never a stack overflow)', () => {
  const depth = (a: Ast): number => 1 + Math.max(0, ...children(a).map(depth));

  it('takes a 5000-term and chain, as a tree 14 levels deep', () => {
    const ast = parseExpr(Array.from({ length: 5000 }, () => 'a > 0').join(' and '), '--where');
    expect(depth(ast)).toBe(13 + 2);
  });

  it('refuses nesting deeper than 200 levels: parentheses, prefix operators, calls', () => {
    const open = (n: number): string => `${'('.repeat(n)}a > 0${')'.repeat(n)}`;
    expect(show(parseExpr(open(200), '--where'))).toBe('(gt a 0)');
    expect(errorOf(open(3000))).toBe('--where: the expression nests deeper than 200 levels at column 201; remove redundant parentheses or repeated prefix operators');
    expect(errorOf(`${'not '.repeat(3000)}a`)).toBe('--where: the expression nests deeper than 200 levels at column 801; remove redundant parentheses or repeated prefix operators');
    expect(errorOf(`${'-'.repeat(3000)}a > 0`)).toMatch(/^--where: the expression nests deeper than 200 levels at column 201;/);
    expect(errorOf(`${'year('.repeat(300)}a${')'.repeat(300)}`)).toMatch(/^--where: the expression nests deeper than 200 levels at column 1005;/);
  });

  it('refuses a + - * / % chain of more than 500 terms', () => {
    expect(show(parseExpr(`a${' + a'.repeat(499)}`, '--where')).startsWith('(add (add')).toBe(true);
    expect(errorOf(`a${' + a'.repeat(3000)} > 0`)).toBe("--where: more than 500 terms joined by '+' at column 1999; only and/or chains may be longer");
  });
});
