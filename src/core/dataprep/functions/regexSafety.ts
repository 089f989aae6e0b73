import { FnError } from '../values';

/** User regexes only run on inputs up to this size, so a mapping preview can never freeze the editor. */
export const MAX_REGEX_INPUT = 64 * 1024;

const cache = new Map<string, RegExp>();

/**
 * Rejects patterns with a quantified group that itself contains a quantifier (`(a+)+`, `(a*b?)*`,
 * `(x{2,})+`): the classic catastrophic-backtracking shape. Conservative: it may refuse a few
 * harmless patterns, and says so in the message.
 */
export function findNestedQuantifier(src: string): number {
  const stack: { start: number; hasQuant: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (c === '(') {
      stack.push({ start: i, hasQuant: false });
      continue;
    }
    const isQuant = c === '+' || c === '*' || (c === '{' && /^\{\d+(,\d*)?\}/.test(src.slice(i)));
    if (c === ')') {
      const g = stack.pop();
      const next = src[i + 1];
      const unbounded = next === '+' || next === '*' || (next === '{' && /^\{\d+,\d*\}/.test(src.slice(i + 1)));
      if (g && g.hasQuant && unbounded) return g.start;
      if (g && unbounded && overlappingAlternatives(src.slice(g.start + 1, i))) return g.start;
      if (g && g.hasQuant && stack.length) stack[stack.length - 1].hasQuant = true;
      continue;
    }
    if (isQuant && stack.length) stack[stack.length - 1].hasQuant = true;
  }
  return -1;
}

/**
 * `(a|aa)+`, `(\\d|\\d\\d)*`: a repeated alternation whose branches can start with the same
 * atom backtracks exponentially too. Detects branches that begin with the same literal atom.
 */
function overlappingAlternatives(body: string): boolean {
  const inner = body.replace(/^\?(?:[:=!]|<[=!]|<[A-Za-z]\w*>)/, '');
  const branches: string[] = [];
  let depth = 0;
  let cls = false;
  let cur = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '\\') {
      cur += c + (inner[i + 1] ?? '');
      i++;
      continue;
    }
    if (cls) {
      if (c === ']') cls = false;
    } else if (c === '[') cls = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      branches.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  branches.push(cur);
  if (branches.length < 2) return false;
  const firsts = new Set<string>();
  for (const b of branches) {
    if (b === '') return true; // an empty branch makes the group optional inside a loop
    const m = /^(\\.|\[(?:\\.|[^\]])*\]|.)/.exec(b);
    const atom = m ? m[1] : b[0];
    if (firsts.has(atom)) return true;
    firsts.add(atom);
  }
  return false;
}

/** Java-flavoured pattern → JS RegExp, compiled once per pattern text. A leading `(?i)` becomes the `i` flag. */
export function userRegex(pattern: unknown, fnName: string, global = false): RegExp {
  if (typeof pattern !== 'string') throw new FnError(`${fnName}: the regular expression must be a string`);
  const key = (global ? 'g:' : ':') + pattern;
  let re = cache.get(key);
  if (re) {
    re.lastIndex = 0;
    return re;
  }
  let src = pattern;
  let flags = global ? 'g' : '';
  const inline = /^\(\?([imsx]+)\)/.exec(src);
  if (inline) {
    src = src.slice(inline[0].length);
    for (const f of inline[1]) if (f !== 'x' && !flags.includes(f)) flags += f;
  }
  const at = findNestedQuantifier(src);
  if (at >= 0) {
    throw new FnError(
      `${fnName}: the regular expression "${pattern}" has a repeated group that can match the same text in many ways (at position ${at + 1}: nested quantifiers or alternatives starting alike), which can take forever on some inputs; rewrite it without nested quantifiers, e.g. (a+)+ → a+, (a|aa)+ → a+`,
      'dataprep.unsafe-regex',
    );
  }
  // Java's possessive quantifiers and atomic groups have no JS equivalent; refuse clearly.
  if (/(?<!\\)(\*\+|\+\+|\?\+|\(\?>)/.test(src)) {
    throw new FnError(`${fnName}: possessive quantifiers and atomic groups (Java-only) are not supported by the preview; use a plain quantifier`, 'dataprep.unsupported-regex');
  }
  try {
    re = new RegExp(src, flags);
  } catch (e) {
    throw new FnError(`${fnName}: invalid regular expression "${pattern}": ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`, 'dataprep.invalid-regex');
  }
  if (cache.size > 1000) cache.clear();
  cache.set(key, re);
  return re;
}

export function checkRegexInput(s: string, fnName: string): void {
  if (s.length > MAX_REGEX_INPUT) {
    throw new FnError(`${fnName}: the input is ${s.length} characters; regular expressions run on at most ${MAX_REGEX_INPUT} characters in the preview`, 'dataprep.regex-input-too-large');
  }
}

const whole = new WeakMap<RegExp, RegExp>();

/** The same pattern anchored at both ends (Java `matches()`), compiled once per regex. */
export function wholeRegex(re: RegExp): RegExp {
  let w = whole.get(re);
  if (!w) {
    w = new RegExp(`^(?:${re.source})$`, re.flags.replace('g', ''));
    whole.set(re, w);
  }
  return w;
}
