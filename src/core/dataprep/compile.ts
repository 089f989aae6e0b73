import type { BinaryNode, CallNode, MethodNode, Node } from './ast';
import { fieldReader } from './fieldAccess';
import { resolveFieldPath, parseFieldPath } from './fieldPath';
import { functionDefs, suggestFunctions } from './functions/catalog';
import { checkRegexInput, userRegex, wholeRegex } from './functions/regexSafety';
import type { Evaluator, Runtime } from './functions/types';
import { METHODS } from './methods';
import { parseExpression } from './parser';
import { DataPrepEvalError, type CallRef, type CompiledExpression, type EvalContext, type ExprError, type FieldRef } from './types';
import { compareValues, FnError, isNull, toBool, toInt, toNum, toStr, typeName, valuesEqual } from './values';

const hasOwn = Object.prototype.hasOwnProperty;

const AVAILABILITY_TEXT = {
  'destination-only': 'is a destination-only function',
  'analytics-only': 'only works in Analytics/WebSDK flows',
  'profile-update-only': 'only works for profile updates',
} as const;

interface State {
  errors: ExprError[];
  fieldRefs: FieldRef[];
  calls: CallRef[];
}

function fail(e: unknown, start: number, end: number, what: string): never {
  if (e instanceof DataPrepEvalError) throw e;
  if (e instanceof FnError) throw new DataPrepEvalError(e.message, e.code, start, end);
  if (e instanceof RangeError) throw new DataPrepEvalError(`${what}: the value is too large or too deeply nested to process`, 'dataprep.too-large', start, end);
  throw new DataPrepEvalError(`${what} failed: ${(e as Error)?.message ?? String(e)}`, 'dataprep.internal', start, end);
}

function compileNode(n: Node, st: State): Evaluator {
  switch (n.type) {
    case 'Literal': {
      const v = n.value;
      return () => v;
    }
    case 'Field':
      return compileField(n.path, n.local === true, n.start, n.end, st, n.text);
    case 'Array': {
      const els = n.elements.map((e) => compileNode(e, st));
      return (rec, rt) => {
        const out = new Array<unknown>(els.length);
        for (let i = 0; i < els.length; i++) out[i] = els[i](rec, rt) ?? null;
        return out;
      };
    }
    case 'Call':
      return compileCall(n, st);
    case 'Method':
      return compileMethod(n, st);
    case 'Member': {
      const target = compileNode(n.target, st);
      const key = compileNode(n.key, st);
      return (rec, rt) => member(target(rec, rt), key(rec, rt));
    }
    case 'Unary': {
      const x = compileNode(n.operand, st);
      const { start, end } = n;
      switch (n.op) {
        case '!':
          return (rec, rt) => !toBool(x(rec, rt));
        case '-':
          return (rec, rt) => {
            try {
              return -toNum(x(rec, rt), "the operand of '-'");
            } catch (e) {
              fail(e, start, end, "'-'");
            }
          };
        case '+':
          return (rec, rt) => {
            try {
              return toNum(x(rec, rt), "the operand of '+'");
            } catch (e) {
              fail(e, start, end, "'+'");
            }
          };
        case '~':
          return (rec, rt) => {
            try {
              return ~toInt(x(rec, rt), "the operand of '~'");
            } catch (e) {
              fail(e, start, end, "'~'");
            }
          };
      }
      break;
    }
    case 'Binary':
      return compileBinary(n, st);
    case 'Conditional': {
      const test = compileNode(n.test, st);
      const alt = compileNode(n.alternate, st);
      if (!n.consequent) {
        return (rec, rt) => {
          const v = test(rec, rt);
          return !isNull(v) && toBool(v) ? v : alt(rec, rt);
        };
      }
      const cons = compileNode(n.consequent, st);
      return (rec, rt) => (toBool(test(rec, rt)) ? cons(rec, rt) : alt(rec, rt));
    }
    case 'Lambda':
      st.errors.push({
        code: 'dataprep.lambda-not-allowed',
        message: 'Lambdas (x -> …) only work inside filterArray/transformArray, which are destination-only; streaming source mappings cannot use them.',
        start: n.start,
        end: n.end,
      });
      compileNode(n.body, st);
      return () => {
        throw new DataPrepEvalError('a lambda cannot be evaluated here', 'dataprep.lambda-not-allowed', n.start, n.end);
      };
  }
  throw new Error('unreachable');
}

function compileField(path: string[], local: boolean, start: number, end: number, st: State, text: string): Evaluator {
  if (local) {
    return () => {
      throw new DataPrepEvalError(`'${text}' is a lambda parameter and cannot be evaluated in a streaming source mapping`, 'dataprep.lambda-not-allowed', start, end);
    };
  }
  st.fieldRefs.push({ path, text, start, end });
  // Fast paths for the common one- and two-segment paths; no array allocation per event.
  return fieldReader(path);
}

function member(t: unknown, k: unknown): unknown {
  if (isNull(t) || isNull(k)) return null;
  if (Array.isArray(t) || typeof t === 'string') {
    if (typeof k === 'number' || (typeof k === 'string' && /^\d+$/.test(k))) return t[Number(k)] ?? null;
    return null;
  }
  if (t instanceof Map) return t.get(k) ?? null;
  if (typeof t === 'object') {
    const key = toStr(k);
    return hasOwn.call(t, key) ? (t as Record<string, unknown>)[key] : null;
  }
  return null;
}

function compileCall(n: CallNode, st: State): Evaluator {
  st.calls.push({ name: n.name, start: n.start, end: n.end, argCount: n.args.length });
  const def = functionDefs.get(n.name);
  const argc = n.args.length;
  const { nameStart, nameEnd, start, end, name } = n;
  const lambdaOk = name === 'filterArray' || name === 'transformArray';
  const args = n.args.map((a) => (a.type === 'Lambda' && lambdaOk ? (compileNode(a.body, st), () => null) : compileNode(a, st)));
  const broken: Evaluator = () => {
    throw new DataPrepEvalError(`${name}() cannot be evaluated: ${st.errors[0]?.message ?? 'it has errors'}`, 'dataprep.static-error', start, end);
  };
  if (!def) {
    const sug = suggestFunctions(name);
    st.errors.push({
      code: 'dataprep.unknown-function',
      message: `Unknown function ${name}()${sug.length ? `; did you mean ${sug.map((s) => s + '()').join(', ')}?` : '.'} See docs/dataprep.md for the function list.`,
      start: nameStart,
      end: nameEnd,
    });
    return broken;
  }
  const info = def.info;
  if (info.availability !== 'available') {
    st.errors.push({
      code: 'dataprep.unavailable-function',
      message: `${name}() ${AVAILABILITY_TEXT[info.availability]}; it is not available in streaming source mappings (${info.reference}).`,
      start: nameStart,
      end: nameEnd,
    });
    return broken;
  }
  if (argc < info.minArgs || argc > info.maxArgs) {
    const want = info.minArgs === info.maxArgs ? `${info.minArgs}` : info.maxArgs === Infinity ? `at least ${info.minArgs}` : `${info.minArgs} to ${info.maxArgs}`;
    st.errors.push({
      code: 'dataprep.wrong-arity',
      message: `${name}() takes ${want} argument${want === '1' || want === 'at least 1' ? '' : 's'} but got ${argc}: ${info.signatures.join(' | ')}`,
      start: nameStart,
      end: end,
    });
    return broken;
  }
  const extra = def.checkArgCount?.(argc);
  if (extra) {
    st.errors.push({ code: 'dataprep.wrong-arity', message: `${extra}: ${info.signatures.join(' | ')}`, start: nameStart, end });
    return broken;
  }
  if (name === 'contains_key') return compileContainsKey(n, st);
  const what = `${name}()`;
  if (def.lazy) {
    const lazy = def.lazy;
    return (rec, rt) => {
      try {
        return lazy(args, rec, rt);
      } catch (e) {
        fail(e, start, end, what);
      }
    };
  }
  const impl = def.impl!;
  checkLiteralRegex(n, st);
  // One argument buffer per call site, reused for every event: evaluation never re-enters a call site.
  const buf = new Array<unknown>(argc);
  if (argc === 1) {
    const a0 = args[0];
    return (rec, rt) => {
      buf[0] = a0(rec, rt);
      try {
        return impl(buf, rt);
      } catch (e) {
        fail(e, start, end, what);
      }
    };
  }
  // Literal arguments (patterns, separators, keys) are written into the buffer once, here.
  const dynamic: number[] = [];
  n.args.forEach((a, i) => {
    if (a.type === 'Literal') buf[i] = a.value;
    else dynamic.push(i);
  });
  if (dynamic.length === 1) {
    const i0 = dynamic[0];
    const a0 = args[i0];
    return (rec, rt) => {
      buf[i0] = a0(rec, rt);
      try {
        return impl(buf, rt);
      } catch (e) {
        fail(e, start, end, what);
      }
    };
  }
  const dyn = dynamic.map((i) => args[i]);
  const nd = dynamic.length;
  return (rec, rt) => {
    for (let k = 0; k < nd; k++) buf[dynamic[k]] = dyn[k](rec, rt);
    try {
      return impl(buf, rt);
    } catch (e) {
      fail(e, start, end, what);
    }
  };
}

/** A literal regex that is unsafe or invalid is a static error, so the editor flags it before any event runs. */
function checkLiteralRegex(n: CallNode, st: State): void {
  const idx = n.name === 'explode' || n.name === 'extract_regex' || n.name === 'matches_regex' ? 1 : -1;
  const arg = idx >= 0 ? n.args[idx] : undefined;
  if (!arg || arg.type !== 'Literal' || typeof arg.value !== 'string') return;
  try {
    userRegex(arg.value, n.name);
  } catch (e) {
    if (e instanceof FnError) st.errors.push({ code: e.code, message: e.message, start: arg.start, end: arg.end });
  }
}

/** contains_key(PATH) tests that the source field exists, so it reads the path, not the value. */
function compileContainsKey(n: CallNode, st: State): Evaluator {
  const a = n.args[0];
  let path: string[] | null = null;
  if (a.type === 'Field' && !a.local) path = a.path;
  else if (a.type === 'Literal' && typeof a.value === 'string') {
    const r = parseFieldPath(a.value);
    if (r.errors.length === 0) path = r.path;
  }
  if (!path) {
    st.errors.push({ code: 'dataprep.bad-argument', message: 'contains_key() expects a source field path, e.g. contains_key(user.email) or contains_key("user.email").', start: a.start, end: a.end });
    return () => null;
  }
  const p = path;
  return (rec) => resolveFieldPath(rec, p) !== undefined;
}

function compileMethod(n: MethodNode, st: State): Evaluator {
  const m = METHODS[n.name];
  const target = compileNode(n.target, st);
  const args = n.args.map((a) => compileNode(a, st));
  const { start, end, name } = n;
  if (!m) {
    st.errors.push({
      code: 'dataprep.unknown-method',
      message: `Unknown method .${name}(); supported: ${Object.keys(METHODS).map((k) => '.' + k + '()').join(', ')}.`,
      start: n.nameStart,
      end: n.nameEnd,
    });
    return () => null;
  }
  if (args.length < m.min || args.length > m.max) {
    st.errors.push({ code: 'dataprep.wrong-arity', message: `.${name}() takes ${m.min === m.max ? m.min : `${m.min} to ${m.max}`} argument(s) but got ${args.length}.`, start: n.nameStart, end });
    return () => null;
  }
  const buf = new Array<unknown>(args.length);
  const call = m.call;
  return (rec, rt) => {
    const t = target(rec, rt);
    for (let i = 0; i < args.length; i++) buf[i] = args[i](rec, rt);
    try {
      return call(t, buf);
    } catch (e) {
      fail(e, start, end, `.${name}()`);
    }
  };
}

function compileBinary(n: BinaryNode, st: State): Evaluator {
  const l = compileNode(n.left, st);
  const r = compileNode(n.right, st);
  const { start, end, op } = n;
  const guard = (f: (a: unknown, b: unknown) => unknown): Evaluator => (rec, rt) => {
    const a = l(rec, rt);
    const b = r(rec, rt);
    try {
      return f(a, b);
    } catch (e) {
      fail(e, start, end, `'${op}'`);
    }
  };
  const leftNum = (a: unknown, b: unknown): number => {
    if (isNull(a) || isNull(b)) throw new FnError(`'${op}' has a null operand (${isNull(a) ? 'left' : 'right'}); guard it with coalesce(x, 0)`, 'dataprep.null-operand');
    return typeof a === 'number' ? a : toNum(a, `the left operand of '${op}'`);
  };
  const rightNum = (b: unknown): number => (typeof b === 'number' ? b : toNum(b, `the right operand of '${op}'`));
  switch (op) {
    case '&&':
      return (rec, rt) => toBool(l(rec, rt)) && toBool(r(rec, rt));
    case '||':
      return (rec, rt) => toBool(l(rec, rt)) || toBool(r(rec, rt));
    case '+':
      // `+` concatenates when either side is a string, as JEXL does (§5.1: `+` add; concat [INFERENCE]).
      return guard((a, b) => {
        if (typeof a === 'string' || typeof b === 'string') return toStr(a) + toStr(b);
        const x = leftNum(a, b);
        const y = rightNum(b);
        return x + y;
      });
    case '-':
      return guard((a, b) => {
        const x = leftNum(a, b);
        const y = rightNum(b);
        return x - y;
      });
    case '*':
      return guard((a, b) => {
        const x = leftNum(a, b);
        const y = rightNum(b);
        return x * y;
      });
    case '/': {
      // JEXL divides integers as integers (7 / 2 → 3); a literal like 2.0 keeps it decimal [INFERENCE].
      const floatLit = (n.left.type === 'Literal' && n.left.float) || (n.right.type === 'Literal' && n.right.float);
      return guard((a, b) => {
        const x = leftNum(a, b);
        const y = rightNum(b);
        const ints = !floatLit && Number.isInteger(x) && Number.isInteger(y);
        if (y === 0 && ints) throw new FnError("division by zero in '/'", 'dataprep.division-by-zero');
        return ints ? Math.trunc(x / y) : x / y;
      });
    }
    case '%':
      return guard((a, b) => {
        const x = leftNum(a, b);
        const y = rightNum(b);
        if (y === 0) throw new FnError("modulo by zero in '%'", 'dataprep.division-by-zero');
        return x % y;
      });
    case '==':
      return (rec, rt) => valuesEqual(l(rec, rt), r(rec, rt));
    case '!=':
      return (rec, rt) => !valuesEqual(l(rec, rt), r(rec, rt));
    case '<':
    case '>':
    case '<=':
    case '>=': {
      const test = op === '<' ? (c: number) => c < 0 : op === '>' ? (c: number) => c > 0 : op === '<=' ? (c: number) => c <= 0 : (c: number) => c >= 0;
      return guard((a, b) => (isNull(a) || isNull(b) ? false : test(compareValues(a, b, `'${op}'`))));
    }
    case '=~':
    case '!~': {
      // JEXL: `x =~ 'regex'` is a whole-string match, `x =~ [list]` is membership [INFERENCE].
      const neg = op === '!~';
      return guard((a, b) => {
        let res: boolean;
        if (Array.isArray(b)) res = b.some((v) => valuesEqual(a, v));
        else if (typeof b === 'string') {
          if (isNull(a)) res = false;
          else {
            const s = toStr(a);
            checkRegexInput(s, `'${op}'`);
            res = wholeRegex(userRegex(b, `'${op}'`)).test(s);
          }
        } else throw new FnError(`'${op}' needs a regular expression string or an array on the right, got ${typeName(b)}`);
        return neg ? !res : res;
      });
    }
    case '&':
      return guard((a, b) => toInt(a, "'&'") & toInt(b, "'&'"));
    case '|':
      return guard((a, b) => toInt(a, "'|'") | toInt(b, "'|'"));
    case '^':
      return guard((a, b) => toInt(a, "'^'") ^ toInt(b, "'^'"));
  }
}

function defaultNow(): Date {
  return new Date();
}

class Compiled implements CompiledExpression {
  private lastCtx: EvalContext | undefined;
  private lastRt: Runtime;

  constructor(
    readonly errors: ExprError[],
    readonly fieldRefs: FieldRef[],
    readonly calls: CallRef[],
    private readonly root: Evaluator | null,
  ) {
    this.lastRt = { ctx: {}, now: defaultNow };
  }

  evaluate(record: unknown, ctx?: EvalContext): unknown {
    if (this.errors.length || !this.root) {
      const e = this.errors[0] ?? { code: 'dataprep.invalid', message: 'the expression is invalid', start: 0, end: 0 };
      throw new DataPrepEvalError(e.message, e.code, e.start, e.end);
    }
    let rt = this.lastRt;
    if (ctx !== undefined && ctx !== this.lastCtx) {
      // Read ctx.now at call time, so a caller that reuses one context object may still change its clock.
      const c = ctx;
      rt = { ctx: c, now: () => (c.now ? c.now() : new Date()) };
      this.lastCtx = ctx;
      this.lastRt = rt;
    } else if (ctx === undefined && this.lastCtx !== undefined) {
      rt = { ctx: {}, now: defaultNow };
      this.lastCtx = undefined;
      this.lastRt = rt;
    }
    try {
      const v = this.root(record, rt);
      return v === undefined ? null : v;
    } catch (e) {
      if (e instanceof DataPrepEvalError) throw e;
      fail(e, 0, 0, 'the expression');
    }
  }
}

const CACHE_LIMIT = 2000;
const cache = new Map<string, Compiled>();

/** Parses and compiles once per distinct text (bounded LRU); evaluation then runs plain closures. */
export function compileExpression(text: string): CompiledExpression {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const { ast, errors } = parseExpression(text);
  const st: State = { errors: [...errors], fieldRefs: [], calls: [] };
  let root: Evaluator | null = null;
  if (ast) {
    try {
      root = compileNode(ast, st);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      st.errors.push({ code: 'dataprep.too-deep', message: 'The expression is nested too deeply; split it into smaller mappings.', start: 0, end: text.length });
    }
  }
  const c = new Compiled(st.errors, st.fieldRefs, st.calls, root);
  cache.set(text, c);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return c;
}
