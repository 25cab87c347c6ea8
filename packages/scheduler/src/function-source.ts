/**
 * What a function's source text says about the names it uses, read once when a task function
 * is created (never while a graph runs): the names it does not declare itself (its free names:
 * globals, or variables from its closure and imports), whether it reads `this`, `arguments`,
 * `super` or `import.meta` of the code around it, and how many arguments it can see.
 *
 * Parses with acorn and resolves scopes with periscopic; never evaluates the source.
 */
import { createRequire } from 'node:module';
import type { Node as AcornNode } from 'acorn';
import { analyze } from 'periscopic';

// The parser is loaded on first use (synchronously, from its CommonJS build: delayed() is
// synchronous), not when the scheduler loads: worker threads and the CLI import the scheduler
// and rarely wrap a function. (periscopic is small, and has no CommonJS build.)
let acorn: typeof import('acorn') | undefined;
function parser(): typeof import('acorn') {
  acorn ??= createRequire(import.meta.url)('acorn') as typeof import('acorn');
  return acorn;
}

export interface FunctionSource {
  /** Names the function uses but does not declare (e.g. `Math`, `sleep`, `factor`). */
  readonly freeNames: readonly string[];
  /** What it takes from the code around it that no name stands for: `this`, `arguments`, `super`, `import.meta`. */
  readonly contextual: readonly string[];
  /** Arguments it can see: its parameters, or null when it has a rest parameter or reads `arguments`. */
  readonly params: number | null;
}

type Node = AcornNode & Record<string, unknown>;
type FunctionNode = Node & { params: Node[] };

/** Helpers that transpilers put inside function bodies and that floe provides wherever a function runs. */
const TRANSPILER_HELPERS = new Set(['__name']);

/** Readings by source text: closures made again and again at one place in the code share one. */
const cache = new Map<string, FunctionSource | null>();
const CACHE_SIZE = 256;

/** Null when the text cannot be read as a function (built-in or bound functions, unusual syntax). */
export function readFunctionSource(source: string): FunctionSource | null {
  let reading = cache.get(source);
  if (reading === undefined) {
    reading = read(source);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(source, reading);
  }
  return reading;
}

function read(source: string): FunctionSource | null {
  const fn = parseFunction(source);
  if (!fn) return null;
  const { globals } = analyze(fn as never);
  const freeNames = [...globals.keys()].filter((n) => n !== 'arguments' && !TRANSPILER_HELPERS.has(n)).sort();
  const own = scanOwnContext(fn);
  const params = own.readsArguments || fn.params.some((p) => p.type === 'RestElement') ? null : fn.params.length;
  return { freeNames, contextual: own.contextual, params };
}

/** Arrow functions, function expressions and declarations, and method shorthand (`twice(x) { … }`). */
function parseFunction(source: string): FunctionNode | null {
  const attempts: [string, (program: Node) => Node | undefined][] = [
    [`(${source}\n)`, (p) => statementExpression(p)],
    [`({ ${source}\n})`, (p) => (statementExpression(p)?.properties as Node[] | undefined)?.[0]?.value as Node | undefined],
  ];
  const { parse } = parser(); // outside the try: failing to load it is not a syntax error
  for (const sourceType of ['script', 'module'] as const) {
    for (const [text, pick] of attempts) {
      let program: Node;
      try {
        program = parse(text, { ecmaVersion: 'latest', sourceType, allowAwaitOutsideFunction: true }) as unknown as Node;
      } catch {
        continue;
      }
      const node = pick(program);
      if (node && (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression')) return node as FunctionNode;
    }
  }
  return null;
}

function statementExpression(program: Node): Node | undefined {
  const body = program.body as Node[];
  if (body.length !== 1 || body[0].type !== 'ExpressionStatement') return undefined;
  let e = body[0].expression as Node;
  while (e.type === 'ParenthesizedExpression') e = e.expression as Node;
  return e;
}

/**
 * Walks the function's own level (arrow functions share it; nested `function`s, class fields
 * and static blocks have their own `this` and `arguments`). An arrow function's `this` and
 * `arguments` belong to the code around it; `super` and `import.meta` always do.
 */
function scanOwnContext(root: FunctionNode): { contextual: string[]; readsArguments: boolean } {
  const contextual = new Set<string>();
  let readsArguments = false;
  const rootIsArrow = root.type === 'ArrowFunctionExpression';
  const stack: { node: Node; own: boolean }[] = [{ node: root.body as Node, own: true }, ...root.params.map((node) => ({ node, own: true }))];
  while (stack.length > 0) {
    const { node, own } = stack.pop()!;
    switch (node.type) {
      case 'ThisExpression':
        if (own && rootIsArrow) contextual.add('this');
        break;
      case 'Identifier':
        if (own && node.name === 'arguments') {
          readsArguments = true;
          if (rootIsArrow) contextual.add('arguments');
        }
        break;
      case 'MetaProperty':
        if ((node.meta as Node).name === 'import') contextual.add('import.meta');
        else if (own && rootIsArrow) contextual.add('new.target');
        break;
      case 'Super':
        contextual.add('super');
        break;
      default:
        break;
    }
    const opensOwn = node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration' || node.type === 'PropertyDefinition' || node.type === 'StaticBlock';
    for (const [key, child] of Object.entries(node)) {
      if (key === 'type' || key === 'start' || key === 'end') continue;
      const childOwn = own && !opensOwn;
      if (Array.isArray(child)) {
        for (const c of child) if (isNode(c)) stack.push({ node: c, own: childOwn });
      } else if (isNode(child)) {
        stack.push({ node: child, own: childOwn });
      }
    }
  }
  return { contextual: [...contextual].sort(), readsArguments };
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}
