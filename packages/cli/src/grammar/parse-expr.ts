/**
 * Recursive-descent parser for the CLI expression language. Builds an Ast; never evaluates.
 *
 * Precedence, loosest first:
 *
 *   or
 *   and
 *   not                                   (prefix)
 *   = == != <> < <= > >=   is [not] null  (one per operand: `a < b < c` is an error)
 *   + -
 *   * / %
 *   - +                                   (prefix)
 *   primary: number | 'string' | true | false | column | "column" | `column`
 *            | name(args) | name(*) | ( expr )
 *
 * Depth: a chain of `and` (or `or`) terms becomes a balanced tree, so any number of terms is
 * fine; parentheses, prefix operators and calls may nest MAX_NESTING levels, and any other
 * chain (`a + b + …`) may be MAX_CHAIN terms long. Past that the text is refused with a
 * GrammarError, never a stack overflow here or in the engine.
 */
import type { Ast, BinaryOp } from './ast.js';
import { GrammarError } from './grammar-error.js';
import { tokenize, type Token } from './tokenize.js';

const COMPARE: Record<string, BinaryOp> = { '=': 'eq', '==': 'eq', '!=': 'neq', '<>': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };
const ADDITIVE: Record<string, BinaryOp> = { '+': 'add', '-': 'sub' };
const MULTIPLICATIVE: Record<string, BinaryOp> = { '*': 'mul', '/': 'div', '%': 'mod' };

/** Nesting of ( ), prefix - + not, and calls. */
export const MAX_NESTING = 200;
/** Terms of one + - or * / % chain (each term is one level of the tree). */
export const MAX_CHAIN = 500;

/** One item of a comma-separated list (`--by`, `--agg`), with its optional `as name`. */
export interface ListItem {
  ast: Ast;
  alias: string | null;
  /** The item's text as written, without the `as name` part. */
  text: string;
}

/** Parses one whole expression, e.g. the text of `--where`. */
export function parseExpr(source: string, option: string): Ast {
  const p = new Parser(source, option);
  if (p.peek().kind === 'eof') throw p.error(p.peek(), 'expected an expression', 'the text is empty');
  const ast = p.expression();
  p.expectEnd();
  return ast;
}

/** Parses `item [as name], item [as name], …`; commas inside parentheses or quotes don't split. */
export function parseList(source: string, option: string): ListItem[] {
  const p = new Parser(source, option);
  const items: ListItem[] = [];
  for (;;) {
    const first = p.peek();
    if (first.kind === 'eof' || first.kind === ',') throw p.error(first, 'expected an expression', items.length ? 'remove the extra comma' : 'the text is empty');
    const ast = p.expression();
    const text = source.slice(first.start, ast.end).trim();
    let alias: string | null = null;
    if (p.accept('keyword', 'as')) {
      const name = p.next();
      if (name.kind !== 'ident') throw p.error(name, 'expected a name after as', 'quote names that are keywords or contain spaces, e.g. as "my sum"');
      alias = name.value;
    }
    items.push({ ast, alias, text });
    if (!p.accept(',')) break;
  }
  p.expectEnd();
  return items;
}

class Parser {
  private readonly tokens: Token[];
  private i = 0;
  private depth = 0;

  constructor(source: string, private readonly option: string) {
    this.tokens = tokenize(source, option);
  }

  peek(): Token {
    return this.tokens[this.i];
  }

  next(): Token {
    const t = this.tokens[this.i];
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  accept(kind: Token['kind'], value?: string): Token | null {
    const t = this.peek();
    if (t.kind !== kind || (value !== undefined && t.value !== value)) return null;
    return this.next();
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.kind === 'eof') return;
    if (t.kind === ')') throw this.error(t, `unexpected ')'`, "it has no matching '('");
    // SQL's words, which these expressions do not have: what to write instead
    const word = typeof t.value === 'string' ? SQL_ONLY[t.value.toLowerCase()] : undefined;
    if (word !== undefined) throw this.error(t, `unexpected ${describe(t)}`, word);
    throw this.error(t, `unexpected ${describe(t)}`, 'expected an operator or the end of the expression');
  }

  error(t: Token, problem: string, hint?: string): GrammarError {
    return new GrammarError(this.option, problem, t.start, hint);
  }

  expression(): Ast {
    return this.or();
  }

  /** One more level of ( ), prefix operator or call at token `t`, refused past MAX_NESTING. */
  private nest<T>(t: Token, parse: () => T): T {
    if (++this.depth > MAX_NESTING) {
      throw this.error(t, `the expression nests deeper than ${MAX_NESTING} levels`, 'remove redundant parentheses or repeated prefix operators');
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private or(): Ast {
    const terms = [this.and()];
    const ops: Token[] = [];
    for (let op; (op = this.accept('keyword', 'or')); ) { ops.push(op); terms.push(this.and()); }
    return balanced('or', terms, ops, 0, terms.length);
  }

  private and(): Ast {
    const terms = [this.not()];
    const ops: Token[] = [];
    for (let op; (op = this.accept('keyword', 'and')); ) { ops.push(op); terms.push(this.not()); }
    return balanced('and', terms, ops, 0, terms.length);
  }

  private not(): Ast {
    const t = this.accept('keyword', 'not');
    if (!t) return this.comparison();
    const arg = this.nest(t, () => this.not());
    return { kind: 'not', arg, start: t.start, end: arg.end };
  }

  private comparison(): Ast {
    const left = this.additive();
    let out = left;
    const t = this.peek();
    if (t.kind === 'op' && COMPARE[t.value]) {
      this.next();
      out = binary(COMPARE[t.value], left, this.additive(), t);
    } else if (t.kind === 'keyword' && t.value === 'is') {
      this.next();
      const negate = this.accept('keyword', 'not') !== null;
      const nul = this.next();
      if (nul.kind !== 'keyword' || nul.value !== 'null') throw this.error(nul, `expected null after 'is${negate ? ' not' : ''}'`, "write 'X is null' or 'X is not null'");
      out = { kind: 'isNull', arg: left, negate, opStart: t.start, start: left.start, end: nul.end };
    }
    const again = this.peek();
    if (out !== left && ((again.kind === 'op' && COMPARE[again.value]) || (again.kind === 'keyword' && again.value === 'is'))) {
      throw this.error(again, `unexpected ${describe(again)}`, "comparisons don't chain; join them with 'and', e.g. 'a < b and b < c'");
    }
    return out;
  }

  private additive(): Ast {
    let left = this.multiplicative();
    let terms = 1;
    for (let t = this.peek(); t.kind === 'op' && ADDITIVE[t.value]; t = this.peek()) {
      this.checkChain(++terms, t);
      this.next();
      left = binary(ADDITIVE[t.value], left, this.multiplicative(), t);
    }
    return left;
  }

  private multiplicative(): Ast {
    let left = this.unary();
    let terms = 1;
    for (let t = this.peek(); t.kind === 'op' && MULTIPLICATIVE[t.value]; t = this.peek()) {
      this.checkChain(++terms, t);
      this.next();
      left = binary(MULTIPLICATIVE[t.value], left, this.unary(), t);
    }
    return left;
  }

  private checkChain(terms: number, t: Token): void {
    if (terms > MAX_CHAIN) throw this.error(t, `more than ${MAX_CHAIN} terms joined by '${t.value}'`, 'only and/or chains may be longer');
  }

  private unary(): Ast {
    const t = this.peek();
    if (t.kind === 'op' && (t.value === '-' || t.value === '+')) {
      this.next();
      const arg = this.nest(t, () => this.unary());
      return t.value === '-' ? { kind: 'neg', arg, start: t.start, end: arg.end } : { ...arg, start: t.start };
    }
    return this.primary();
  }

  private primary(): Ast {
    const t = this.next();
    switch (t.kind) {
      case 'number': {
        const value = Number(t.value);
        if (!Number.isFinite(value)) throw this.error(t, `number ${t.value} is too large`);
        return { kind: 'number', value, text: t.value, start: t.start, end: t.end };
      }
      case 'string': return { kind: 'string', value: t.value, start: t.start, end: t.end };
      case 'ident': {
        if (!t.quoted && this.peek().kind === '(') return this.call(t);
        return { kind: 'column', name: t.value.normalize('NFC'), start: t.start, end: t.end }; // header names are NFC too
      }
      case 'keyword': {
        if (t.value === 'true' || t.value === 'false') return { kind: 'bool', value: t.value === 'true', start: t.start, end: t.end };
        if (t.value === 'null') throw this.error(t, `unexpected null`, "test for missing values with 'X is null' or 'X is not null'");
        throw this.error(t, `unexpected keyword '${t.value}'`, `quote a column named ${t.value}, e.g. "${t.value}"`);
      }
      case '(': {
        const inner = this.nest(t, () => this.expression());
        const close = this.next();
        if (close.kind !== ')') throw this.error(close, `unexpected ${describe(close)}`, `expected ')' to close the '(' at column ${t.start + 1}`);
        return { ...inner, start: t.start, end: close.end };
      }
      default:
        throw this.error(t, `unexpected ${describe(t)}`, 'expected a column, number, quoted string or (');
    }
  }

  /** `name(args)` or `name(*)`; which names exist is decided later, in to-expr.ts. */
  private call(name: Token): Ast {
    const open = this.next();
    const args: Ast[] = [];
    const star = this.peek();
    if (star.kind === 'op' && star.value === '*' && this.tokens[this.i + 1]?.kind === ')') {
      this.next();
      args.push({ kind: 'star', start: star.start, end: star.end });
    } else if (this.peek().kind !== ')') {
      this.nest(open, () => {
        do args.push(this.expression());
        while (this.accept(','));
      });
    }
    const close = this.next();
    if (close.kind !== ')') throw this.error(close, `unexpected ${describe(close)}`, `expected ')' to close the '(' at column ${open.start + 1}`);
    return { kind: 'call', name: name.value.toLowerCase(), args, start: name.start, end: close.end };
  }
}

function binary(op: BinaryOp, left: Ast, right: Ast, opToken: Token): Ast {
  return { kind: 'binary', op, left, right, opStart: opToken.start, start: left.start, end: right.end };
}

/** Terms [lo, hi) joined by `op` as a balanced tree; `ops[k]` is the token between terms k and k+1. */
function balanced(op: 'and' | 'or', terms: Ast[], ops: Token[], lo: number, hi: number): Ast {
  if (hi - lo === 1) return terms[lo];
  const mid = lo + Math.ceil((hi - lo) / 2);
  return binary(op, balanced(op, terms, ops, lo, mid), balanced(op, terms, ops, mid, hi), ops[mid - 1]);
}

/** SQL operators --where has not: how to write the condition without them, or in floe sql. */
const SQL_ONLY: Record<string, string> = {
  in: "write x = 'a' or x = 'b', or run the query in floe sql, which has IN (…)",
  between: 'write x >= 1 and x <= 5, or run the query in floe sql, which has BETWEEN',
  like: "run the query in floe sql, which has LIKE and ILIKE ('%' and '_' patterns)",
  ilike: "run the query in floe sql, which has LIKE and ILIKE ('%' and '_' patterns)",
};

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof': return 'end of text';
    case 'number': return `number ${t.value}`;
    case 'string': return `string '${t.value}'`;
    case 'ident': return t.quoted ? `column "${t.value}"` : `'${t.value}'`;
    case 'keyword': return `'${t.value}'`;
    default: return `'${t.value}'`;
  }
}
