import type { BinaryOp, CallNode, FieldNode, Node } from './ast';
import { splitBraced } from './fieldPath';
import { isFunctionName } from './functions/catalog';
import { tokenize, type Token } from './lexer';
import { RESERVED_WORDS, WORD_OPERATORS } from './reserved';
import type { ExprError } from './types';

/** Nesting of parentheses/calls/arrays; beyond it the user gets an error, never a stack overflow. */
export const MAX_NESTING = 200;
/** Depth of the finished tree (long `a + b + …` chains), bounded so compile/evaluate recursion stays safe. */
export const MAX_TREE_DEPTH = 1000;

class Abort {}

// Binary precedence, JEXL order. Only `+ /` are documented (§5.1); the rest is
// JEXL, inferred: aep-streaming-and-dataprep.md §5.1 [INFERENCE].
const PRECEDENCE: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5,
  '==': 6, '!=': 6, '=~': 6, '!~': 6,
  '<': 7, '>': 7, '<=': 7, '>=': 7,
  '+': 8, '-': 8,
  '*': 9, '/': 9, '%': 9,
};

function describe(t: Token): string {
  if (t.kind === 'eof') return 'the end of the expression';
  if (t.kind === 'string') return 'a string';
  if (t.kind === 'number') return `the number ${t.num}`;
  if (t.kind === 'braced') return `\${${t.value}}`;
  return `'${t.value}'`;
}

class Parser {
  private pos = 0;
  private nesting = 0;
  private readonly depth = new WeakMap<Node, number>();
  private readonly scopes: string[][] = [];

  constructor(
    private readonly tokens: Token[],
    readonly errors: ExprError[],
  ) {}

  private peek(k = 0): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)];
  }
  private next(): Token {
    return this.tokens[Math.min(this.pos++, this.tokens.length - 1)];
  }
  private isPunct(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'punct' && t.value === v;
  }
  private fail(code: string, message: string, start: number, end: number): never {
    this.errors.push({ code, message, start, end: Math.max(end, start) });
    throw new Abort();
  }
  private d(n: Node): number {
    return this.depth.get(n) ?? 0;
  }
  private mk<T extends Node>(node: T, ...children: (Node | null)[]): T {
    let d = 0;
    for (const c of children) if (c) d = Math.max(d, this.d(c));
    if (d + 1 > MAX_TREE_DEPTH) {
      this.fail('dataprep.too-deep', `The expression is nested or chained more than ${MAX_TREE_DEPTH} levels deep; split it into smaller mappings.`, node.start, node.end);
    }
    this.depth.set(node, d + 1);
    return node;
  }
  private enter(t: Token): void {
    if (++this.nesting > MAX_NESTING) {
      this.fail('dataprep.too-deep', `The expression nests more than ${MAX_NESTING} levels of parentheses, calls or arrays at column ${t.start + 1}; split it into smaller mappings.`, t.start, t.end);
    }
  }
  private leave(): void {
    this.nesting--;
  }

  parseAll(): Node {
    const node = this.parseExpr();
    const t = this.peek();
    if (t.kind !== 'eof') {
      if (t.kind === 'punct' && t.value === '=') {
        this.fail('dataprep.assignment', `'=' at column ${t.start + 1} is not supported; use '==' to compare.`, t.start, t.end);
      }
      const closer = t.kind === 'punct' && (t.value === ')' || t.value === ']');
      this.fail(
        'dataprep.unexpected-token',
        closer
          ? `Unexpected ${describe(t)} at column ${t.start + 1}: nothing is open to close here; remove it.`
          : `Unexpected ${describe(t)} at column ${t.start + 1} after a complete expression; add an operator or a comma, or quote the text.`,
        t.start,
        t.end,
      );
    }
    return node;
  }

  /** expr := lambda | ternary */
  private parseExpr(): Node {
    const lambda = this.tryLambda();
    if (lambda) return lambda;
    return this.parseTernary();
  }

  private tryLambda(): Node | null {
    const t = this.peek();
    let params: string[] | null = null;
    let bodyAt = 0;
    if (t.kind === 'ident' && this.isPunct('->', 1)) {
      params = [t.value];
      bodyAt = 2;
    } else if (this.isPunct('(')) {
      const ps: string[] = [];
      let k = 1;
      while (this.peek(k).kind === 'ident') {
        ps.push(this.peek(k).value);
        k++;
        if (this.isPunct(',', k)) k++;
        else break;
      }
      if (this.isPunct(')', k) && this.isPunct('->', k + 1)) {
        params = ps;
        bodyAt = k + 2;
      }
    }
    if (!params) return null;
    this.pos += bodyAt;
    this.scopes.push(params);
    this.enter(t);
    const body = this.parseExpr();
    this.leave();
    this.scopes.pop();
    return this.mk({ type: 'Lambda', params, body, start: t.start, end: body.end }, body);
  }

  private parseTernary(): Node {
    const test = this.parseBinary(1);
    if (this.isPunct('?:')) {
      // Elvis `a ?: b` — JEXL, inferred: aep-streaming-and-dataprep.md §5.1 [INFERENCE].
      this.next();
      const alternate = this.parseTernaryOperand();
      return this.mk({ type: 'Conditional', test, consequent: null, alternate, start: test.start, end: alternate.end }, test, alternate);
    }
    if (!this.isPunct('?')) return test;
    // Ternary — JEXL, inferred: aep-streaming-and-dataprep.md §5.1 [INFERENCE].
    const q = this.next();
    const consequent = this.parseTernaryOperand();
    if (!this.isPunct(':')) {
      const t = this.peek();
      this.fail('dataprep.expected-token', `Expected ':' for the '?' at column ${q.start + 1}, found ${describe(t)}.`, t.start, t.end);
    }
    this.next();
    const alternate = this.parseTernaryOperand();
    return this.mk({ type: 'Conditional', test, consequent, alternate, start: test.start, end: alternate.end }, test, consequent, alternate);
  }

  private parseTernaryOperand(): Node {
    this.enter(this.peek());
    const n = this.parseTernary();
    this.leave();
    return n;
  }

  private binaryOp(): { op: BinaryOp; tok: Token } | null {
    const t = this.peek();
    if (t.kind === 'punct' && PRECEDENCE[t.value] !== undefined) return { op: t.value as BinaryOp, tok: t };
    if (t.kind === 'ident' && WORD_OPERATORS[t.value] !== undefined) return { op: WORD_OPERATORS[t.value] as BinaryOp, tok: t };
    return null;
  }

  /** Precedence climbing: one stack frame per precedence level actually used, not per grammar rule. */
  private parseBinary(minPrec: number): Node {
    let left = this.parseUnary();
    for (;;) {
      const o = this.binaryOp();
      if (!o) return left;
      const prec = PRECEDENCE[o.op];
      if (prec < minPrec) return left;
      this.next();
      this.enter(o.tok);
      const right = this.parseBinary(prec + 1);
      this.leave();
      left = this.mk({ type: 'Binary', op: o.op, opStart: o.tok.start, left, right, start: left.start, end: right.end }, left, right);
    }
  }

  private parseUnary(): Node {
    const t = this.peek();
    let op: '-' | '!' | '~' | '+' | null = null;
    if (t.kind === 'punct' && (t.value === '-' || t.value === '!' || t.value === '~' || t.value === '+')) op = t.value;
    else if (t.kind === 'ident' && t.value === 'not') op = '!';
    else if (t.kind === 'ident' && (t.value === 'empty' || t.value === 'size') && !this.isPunct('(', 1)) {
      // `empty x` / `size x` — JEXL, inferred: aep-streaming-and-dataprep.md §5.1 [INFERENCE].
      this.next();
      this.enter(t);
      const operand = this.parseUnary();
      this.leave();
      return this.mk({ type: 'Call', name: t.value, nameStart: t.start, nameEnd: t.end, args: [operand], start: t.start, end: operand.end }, operand);
    }
    if (!op) return this.parsePostfix();
    this.next();
    this.enter(t);
    const operand = this.parseUnary();
    this.leave();
    if (op === '-' && operand.type === 'Literal' && typeof operand.value === 'number' && operand.start === t.end) {
      return this.mk({ ...operand, value: -operand.value, start: t.start });
    }
    return this.mk({ type: 'Unary', op, operand, start: t.start, end: operand.end }, operand);
  }

  private parsePostfix(): Node {
    let node = this.parsePrimary();
    for (;;) {
      if (this.isPunct('.')) {
        const dot = this.next();
        const nameTok = this.peek();
        if (nameTok.kind !== 'ident' && nameTok.kind !== 'braced') {
          this.fail('dataprep.expected-token', `Expected a method or field name after '.' at column ${dot.start + 1}, found ${describe(nameTok)}.`, nameTok.start, nameTok.end);
        }
        this.next();
        if (nameTok.kind === 'ident' && this.isPunct('(')) {
          const { args, end } = this.parseArgs(nameTok.value, nameTok);
          node = this.mk({ type: 'Method', target: node, name: nameTok.value, nameStart: nameTok.start, nameEnd: nameTok.end, args, start: node.start, end }, node, ...args);
        } else {
          const key = nameTok.kind === 'braced' ? splitBraced(nameTok.value).join('.') : nameTok.value;
          node = this.mk({ type: 'Member', target: node, key: { type: 'Literal', value: key, start: nameTok.start, end: nameTok.end }, start: node.start, end: nameTok.end }, node);
        }
        continue;
      }
      if (this.isPunct('[')) {
        const open = this.next();
        this.enter(open);
        const key = this.parseExpr();
        this.leave();
        if (!this.isPunct(']')) {
          const t = this.peek();
          this.fail('dataprep.expected-token', `Expected ']' to close the index opened at column ${open.start + 1}, found ${describe(t)}.`, t.start, t.end);
        }
        const close = this.next();
        node = this.mk({ type: 'Member', target: node, key, start: node.start, end: close.end }, node, key);
        continue;
      }
      return node;
    }
  }

  private parseArgs(name: string, nameTok: Token): { args: Node[]; end: number } {
    const open = this.next(); // '('
    this.enter(open);
    const args: Node[] = [];
    if (this.isPunct(')')) {
      this.leave();
      return { args, end: this.next().end };
    }
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof' || (t.kind === 'punct' && (t.value === ')' || t.value === ','))) {
        this.fail(
          'dataprep.expected-token',
          t.kind === 'eof'
            ? `Expected ')' to close the call to ${name}( opened at column ${nameTok.start + 1}.`
            : `Expected an argument for ${name}( at column ${t.start + 1}, found ${describe(t)}; remove the extra comma or add the value.`,
          t.start,
          t.end,
        );
      }
      args.push(this.parseExpr());
      if (this.isPunct(',')) {
        this.next();
        continue;
      }
      if (this.isPunct(')')) break;
      const bad = this.peek();
      this.fail(
        'dataprep.expected-token',
        bad.kind === 'eof'
          ? `Expected ')' to close the call to ${name}( opened at column ${nameTok.start + 1}.`
          : `Expected ',' or ')' in the call to ${name}( opened at column ${nameTok.start + 1}, found ${describe(bad)} at column ${bad.start + 1}.`,
        bad.start,
        bad.end,
      );
    }
    this.leave();
    return { args, end: this.next().end };
  }

  private parsePrimary(): Node {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
        this.next();
        return this.mk({ type: 'Literal', value: t.num ?? 0, float: t.value === 'float' || undefined, start: t.start, end: t.end });
      case 'string':
        this.next();
        return this.mk({ type: 'Literal', value: t.value, start: t.start, end: t.end });
      case 'braced':
        return this.parseField();
      case 'ident':
        return this.parseIdent(t);
      case 'eof':
        this.fail('dataprep.expected-value', this.pos === 0 ? 'The expression is empty; write a field name, a literal or a function call.' : 'The expression ends too early: expected a value (field, string, number or function call).', t.start, t.end);
      // falls through (fail never returns)
      default:
        break;
    }
    if (this.isPunct('(')) {
      const open = this.next();
      this.enter(open);
      const inner = this.parseExpr();
      this.leave();
      if (!this.isPunct(')')) {
        const bad = this.peek();
        this.fail('dataprep.expected-token', `Expected ')' to close '(' opened at column ${open.start + 1}, found ${describe(bad)}.`, bad.start, bad.end);
      }
      this.next();
      // Keep the inner node's own span: a field's text and an error's caret stay on the field itself.
      return inner;
    }
    if (this.isPunct('[')) {
      const open = this.next();
      this.enter(open);
      const elements: Node[] = [];
      if (!this.isPunct(']')) {
        for (;;) {
          elements.push(this.parseExpr());
          if (this.isPunct(',')) {
            this.next();
            continue;
          }
          if (this.isPunct(']')) break;
          const bad = this.peek();
          this.fail('dataprep.expected-token', `Expected ',' or ']' to close the array opened at column ${open.start + 1}, found ${describe(bad)}.`, bad.start, bad.end);
        }
      }
      this.leave();
      const close = this.next();
      return this.mk({ type: 'Array', elements, start: open.start, end: close.end }, ...elements);
    }
    if (this.isPunct('=')) this.fail('dataprep.assignment', `'=' at column ${t.start + 1} is not supported; use '==' to compare.`, t.start, t.end);
    this.fail('dataprep.expected-value', `Expected a value (field, string, number or function call) at column ${t.start + 1}, found ${describe(t)}.`, t.start, t.end);
  }

  private parseIdent(t: Token): Node {
    const name = t.value;
    if (this.isPunct('(', 1) && !this.inScope(name)) {
      this.next();
      const { args, end } = this.parseArgs(name, t);
      const call: CallNode = { type: 'Call', name, nameStart: t.start, nameEnd: t.end, args, start: t.start, end };
      return this.mk(call, ...args);
    }
    if (name === 'true' || name === 'false') {
      this.next();
      return this.mk({ type: 'Literal', value: name === 'true', start: t.start, end: t.end });
    }
    if (name === 'null') {
      this.next();
      return this.mk({ type: 'Literal', value: null, start: t.start, end: t.end });
    }
    if (!this.inScope(name)) {
      if (RESERVED_WORDS.has(name)) {
        this.fail('dataprep.reserved-word', `'${name}' is a reserved word; if it is a field name, wrap it as \${${name}}.`, t.start, t.end);
      }
      if (isFunctionName(name)) {
        this.fail('dataprep.reserved-word', `'${name}' is a function name and reserved; call it as ${name}(…), or if it is a field name wrap it as \${${name}}.`, t.start, t.end);
      }
    }
    return this.parseField();
  }

  private inScope(name: string): boolean {
    for (let i = this.scopes.length - 1; i >= 0; i--) if (this.scopes[i].includes(name)) return true;
    return false;
  }

  /** A source field path: `a.b`, `${First Name}.x`, `a.b\.c`, `items[0].sku`, `items[*].sku` (§5.1, §5.4). */
  private parseField(): FieldNode {
    const first = this.next();
    const path: string[] = first.kind === 'braced' ? splitBraced(first.value) : [first.value];
    let end = first.end;
    for (;;) {
      if (this.isPunct('.')) {
        const seg = this.peek(1);
        if ((seg.kind === 'ident' && !this.isPunct('(', 2)) || seg.kind === 'braced') {
          this.pos += 2;
          if (seg.kind === 'braced') path.push(...splitBraced(seg.value));
          else path.push(seg.value);
          end = seg.end;
          continue;
        }
        break;
      }
      if (this.isPunct('[')) {
        const idx = this.peek(1);
        if (this.isPunct(']', 2) && ((idx.kind === 'number' && idx.value === 'int') || (idx.kind === 'punct' && idx.value === '*'))) {
          path.push(idx.kind === 'number' ? String(idx.num) : '*');
          end = this.peek(2).end;
          this.pos += 3;
          continue;
        }
      }
      break;
    }
    const node: FieldNode = { type: 'Field', path, text: '', start: first.start, end };
    if (this.inScope(path[0]) && first.kind === 'ident') node.local = true;
    return this.mk(node);
  }
}

/** Parses an expression. Never throws; on a syntax error `ast` is null and `errors` holds one located error. */
export function parseExpression(text: string): { ast: Node | null; errors: ExprError[] } {
  const errors: ExprError[] = [];
  const tokens = tokenize(text, errors);
  if (errors.length) return { ast: null, errors };
  const p = new Parser(tokens, errors);
  try {
    const ast = p.parseAll();
    fillFieldText(ast, text);
    return { ast, errors };
  } catch (e) {
    if (e instanceof Abort) return { ast: null, errors };
    if (e instanceof RangeError) {
      // Defence in depth: the nesting limits should make this unreachable.
      return { ast: null, errors: [{ code: 'dataprep.too-deep', message: 'The expression is nested too deeply; split it into smaller mappings.', start: 0, end: text.length }] };
    }
    throw e;
  }
}

function fillFieldText(root: Node, text: string): void {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    switch (n.type) {
      case 'Field':
        n.text = text.slice(n.start, n.end);
        break;
      case 'Array':
        stack.push(...n.elements);
        break;
      case 'Call':
        stack.push(...n.args);
        break;
      case 'Method':
        stack.push(n.target, ...n.args);
        break;
      case 'Member':
        stack.push(n.target, n.key);
        break;
      case 'Unary':
        stack.push(n.operand);
        break;
      case 'Binary':
        stack.push(n.left, n.right);
        break;
      case 'Conditional':
        stack.push(n.test, n.alternate);
        if (n.consequent) stack.push(n.consequent);
        break;
      case 'Lambda':
        stack.push(n.body);
        break;
      default:
        break;
    }
  }
}
