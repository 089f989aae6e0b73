import type { ExprError } from './types';

export type TokenKind = 'ident' | 'braced' | 'string' | 'number' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Unescaped value: identifier/field name, string contents, operator text. */
  value: string;
  num?: number;
  start: number;
  end: number;
}

// Longest first, so `<=` wins over `<` and `?:` (elvis) over `?`.
const PUNCTS = ['->', '==', '!=', '<=', '>=', '&&', '||', '=~', '!~', '?:', '(', ')', '[', ']', '{', '}', ',', '.', '?', ':', '+', '-', '*', '/', '%', '!', '~', '<', '>', '&', '|', '^', '='];

function isIdentStart(c: string): boolean {
  // §5.1: a legal identifier starts with a letter, `$` or `_`.
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$' || (c > '\x7f' && /\p{L}/u.test(c));
}
function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9') || (c > '\x7f' && /[\p{N}\p{Mn}\p{Mc}]/u.test(c));
}
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/**
 * Splits an expression into tokens. Never throws: unreadable characters become errors and are
 * skipped, so the parser still sees the rest and reports the first real problem precisely.
 */
export function tokenize(text: string, errors: ExprError[]): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\u00a0') {
      i++;
      continue;
    }
    const start = i;
    if (c === '$' && text[i + 1] === '{') {
      // `${First Name}` / `${First\.Name}` (§5.1). `\.` keeps a literal dot inside one segment.
      let j = i + 2;
      let raw = '';
      let closed = false;
      while (j < n) {
        const d = text[j];
        if (d === '\\' && j + 1 < n) {
          raw += '\\' + text[j + 1];
          j += 2;
          continue;
        }
        if (d === '}') {
          closed = true;
          break;
        }
        raw += d;
        j++;
      }
      if (!closed) {
        errors.push({ code: 'dataprep.unterminated-field', message: "Unterminated field reference: '${' has no closing '}'. Close it as ${name}.", start, end: n });
        return finish(tokens, n);
      }
      tokens.push({ kind: 'braced', value: raw, start, end: j + 1 });
      i = j + 1;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i;
      let value = '';
      while (j < n) {
        const d = text[j];
        if (isIdentPart(d)) {
          value += d;
          j++;
        } else if (d === '\\' && text[j + 1] === '.') {
          // `address.street\.name`: an escaped dot stays inside the segment (§5.1).
          value += '.';
          j += 2;
        } else break;
      }
      tokens.push({ kind: 'ident', value, start, end: j });
      i = j;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? ''))) {
      let j = i;
      while (j < n && isDigit(text[j])) j++;
      let isFloat = false;
      if (text[j] === '.' && isDigit(text[j + 1] ?? '')) {
        isFloat = true;
        j++;
        while (j < n && isDigit(text[j])) j++;
      }
      if ((text[j] === 'e' || text[j] === 'E') && (isDigit(text[j + 1] ?? '') || ((text[j + 1] === '+' || text[j + 1] === '-') && isDigit(text[j + 2] ?? '')))) {
        isFloat = true;
        j += 2;
        while (j < n && isDigit(text[j])) j++;
      }
      const numText = text.slice(i, j);
      // JEXL number suffixes (l/L long, d/D/f/F floating) — inferred, §5.1 [INFERENCE].
      if (/[lLdDfF]/.test(text[j] ?? '') && !isIdentPart(text[j + 1] ?? '')) {
        if (/[dDfF]/.test(text[j])) isFloat = true;
        j++;
      }
      if (j < n && isIdentStart(text[j])) {
        errors.push({ code: 'dataprep.bad-number', message: `'${text.slice(i, j + 1)}…' is not a number or a field name: field names cannot start with a digit; wrap it as \${name}.`, start, end: j + 1 });
        return finish(tokens, n);
      }
      tokens.push({ kind: 'number', value: isFloat ? 'float' : 'int', num: Number(numText), start, end: j });
      i = j;
      continue;
    }
    if (c === '"' || c === "'") {
      const r = readString(text, i);
      if (r === null) {
        errors.push({ code: 'dataprep.unterminated-string', message: `Unterminated string: the ${c === '"' ? 'double' : 'single'} quote at column ${i + 1} is never closed; add a closing ${c}.`, start, end: n });
        return finish(tokens, n);
      }
      tokens.push({ kind: 'string', value: r.value, start, end: r.end });
      i = r.end;
      continue;
    }
    let matched = false;
    for (const p of PUNCTS) {
      if (text.startsWith(p, i)) {
        tokens.push({ kind: 'punct', value: p, start, end: i + p.length });
        i += p.length;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    const cp = text.codePointAt(i) ?? 0;
    const w = cp > 0xffff ? 2 : 1;
    errors.push({ code: 'dataprep.unexpected-character', message: `Unexpected character '${text.slice(i, i + w)}'. Field names with such characters must be wrapped as \${name}; text must be quoted.`, start, end: i + w });
    return finish(tokens, n);
  }
  return finish(tokens, n);
}

function finish(tokens: Token[], n: number): Token[] {
  tokens.push({ kind: 'eof', value: '', start: n, end: n });
  return tokens;
}

/**
 * JEXL string literal rules (§5.1 [INFERENCE]: the engine is JEXL): `\\`, `\'`, `\"`, `\uXXXX`,
 * `\b \t \n \f \r` are escapes; any other backslash is kept, so regex literals such as
 * `'\\|'` and `"\d+"` reach the regex engine as written in the docs.
 */
function readString(text: string, i: number): { value: string; end: number } | null {
  const q = text[i];
  let j = i + 1;
  let out = '';
  while (j < text.length) {
    const d = text[j];
    if (d === q) return { value: out, end: j + 1 };
    if (d === '\\' && j + 1 < text.length) {
      const e = text[j + 1];
      if (e === '\\' || e === '"' || e === "'") out += e;
      else if (e === 'n') out += '\n';
      else if (e === 't') out += '\t';
      else if (e === 'r') out += '\r';
      else if (e === 'b') out += '\b';
      else if (e === 'f') out += '\f';
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
        out += String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16));
        j += 6;
        continue;
      } else out += '\\' + e;
      j += 2;
      continue;
    }
    out += d;
    j++;
  }
  return null;
}
