import { FnError, isNull, toInt, toStr } from '../values';
import { checkRegexInput, userRegex, wholeRegex } from './regexSafety';
import { fn, type FunctionDef } from './types';

const C = 'String';

/** Null in → null out, for the string functions that document no null behaviour (see docs/dataprep.md). */
function str1(name: string, f: (s: string) => unknown): (a: unknown[]) => unknown {
  return (a) => (isNull(a[0]) ? null : f(toStr(a[0])));
}

/** Java String.split: trailing empty strings are removed; an empty input gives [""]. */
export function javaSplit(s: string, re: RegExp): string[] {
  if (s === '') return [''];
  const out = splitNoGroups(s, re);
  while (out.length > 1 && out[out.length - 1] === '') out.pop();
  return out;
}

function splitNoGroups(s: string, re: RegExp): string[] {
  const g = re.global ? re : new RegExp(re.source, re.flags + 'g');
  g.lastIndex = 0;
  const out: string[] = [];
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = g.exec(s))) {
    if (m[0].length === 0) {
      if (m.index >= s.length) break;
      if (m.index === 0) {
        g.lastIndex++;
        continue;
      }
      out.push(s.slice(last, m.index));
      last = m.index;
      g.lastIndex++;
      continue;
    }
    out.push(s.slice(last, m.index));
    last = m.index + m[0].length;
  }
  out.push(s.slice(last));
  return out;
}

/** Java String.replace(CharSequence, CharSequence): literal, all occurrences; "" matches between every character. */
export function replaceAllPlain(s: string, find: string, to: string): string {
  if (find === '') return to + Array.from(s).join(to) + (s === '' ? '' : to);
  let i = s.indexOf(find);
  if (i < 0) return s;
  let out = '';
  let last = 0;
  while (i >= 0) {
    out += s.slice(last, i) + to;
    last = i + find.length;
    i = s.indexOf(find, last);
  }
  return out + s.slice(last);
}

function pad(left: boolean) {
  return (a: unknown[]): unknown => {
    if (isNull(a[0])) return null;
    const s = toStr(a[0]);
    const n = toInt(a[1], `${left ? 'lpad' : 'rpad'} COUNT`);
    const p = isNull(a[2]) ? ' ' : toStr(a[2]);
    if (n <= 0) return '';
    if (s.length >= n) return s.slice(0, n);
    if (p === '') return s;
    const fill = p.repeat(Math.ceil((n - s.length) / p.length)).slice(0, n - s.length);
    return left ? fill + s : s + fill;
  };
}

function flatten(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    if (Array.isArray(v)) out.push(...v);
    else out.push(v);
  }
  return out;
}

export const stringFunctions: FunctionDef[] = [
  fn('concat', C, [1, Infinity], ['concat(STRING_1, STRING_2, …)'], 'String', 'Concatenates the arguments. Null arguments count as empty text.', (a) => {
    let s = '';
    for (let i = 0; i < a.length; i++) s += toStr(a[i]);
    return s;
  }, { example: 'concat("Hi, ", "there", "!") → "Hi, there!"' }),
  // §5.2 shows explode("Hi, there!", " ") → ["Hi,","there"]; no split drops the "!", so we treat
  // that as a slip in the doc and return "there!" (docs/dataprep.md, Deviations).
  fn('explode', C, [1, 2], ['explode(STRING, REGEX)', 'explode(STRING)'], 'String[]', 'Splits a string on a regular expression (default ","). Escape + ? ^ | . [ ( { ) * $ \\ with a backslash.', (a) => {
    if (isNull(a[0])) return null;
    const s = toStr(a[0]);
    checkRegexInput(s, 'explode');
    const re = userRegex(isNull(a[1]) ? ',' : toStr(a[1]), 'explode', true);
    return javaSplit(s, re);
  }, { example: 'explode("Hi, there!", " ") → ["Hi,", "there!"]' }),
  // 0-based: the only reading under which the doc example instr("adobe.com","com") → 6 holds
  // (aep-streaming-and-dataprep.md §5.2 String).
  fn('instr', C, [2, 4], ['instr(INPUT, SUBSTRING)', 'instr(INPUT, SUBSTRING, START_POSITION)', 'instr(INPUT, SUBSTRING, START_POSITION, OCCURRENCE)'], 'Integer',
    'Position of SUBSTRING in INPUT, 0-based as in the doc example (instr("adobe.com","com") → 6); -1 when absent. START_POSITION is 0-based, OCCURRENCE counts from 1.', (a) => {
      if (isNull(a[0]) || isNull(a[1])) return null;
      const s = toStr(a[0]);
      const sub = toStr(a[1]);
      let from = isNull(a[2]) ? 0 : toInt(a[2], 'instr START_POSITION');
      const occ = isNull(a[3]) ? 1 : toInt(a[3], 'instr OCCURRENCE');
      if (occ < 1) throw new FnError('instr OCCURRENCE must be 1 or more');
      if (from < 0) from = 0;
      let at = -1;
      for (let k = 0; k < occ; k++) {
        at = s.indexOf(sub, from);
        if (at < 0) return -1;
        from = at + 1;
      }
      return at;
    }, { example: 'instr("adobe.com", "com") → 6' }),
  fn('replacestr', C, [3, 3], ['replacestr(INPUT, TO_FIND, TO_REPLACE)'], 'String', 'Replaces every occurrence of TO_FIND (plain text, not a regex) with TO_REPLACE.', (a) => {
    if (isNull(a[0])) return null;
    if (isNull(a[1])) return toStr(a[0]);
    return replaceAllPlain(toStr(a[0]), toStr(a[1]), toStr(a[2]));
  }),
  fn('substr', C, [2, 3], ['substr(INPUT, START_INDEX, LENGTH)'], 'String', 'Substring from a 0-based START_INDEX, LENGTH characters long (to the end when omitted). Out-of-range values are clamped.', (a) => {
    if (isNull(a[0])) return null;
    const s = toStr(a[0]);
    const start = Math.max(0, toInt(a[1], 'substr START_INDEX'));
    const len = isNull(a[2]) ? s.length : toInt(a[2], 'substr LENGTH');
    if (len <= 0) return '';
    return s.slice(start, start + len);
  }, { example: 'substr("This is a substring test", 7, 8) → " a subst"' }),
  fn('lower', C, [1, 1], ['lower(INPUT)'], 'String', 'Lower-cases the input.', str1('lower', (s) => s.toLowerCase()), { aliases: ['lcase'] }),
  fn('upper', C, [1, 1], ['upper(INPUT)'], 'String', 'Upper-cases the input.', str1('upper', (s) => s.toUpperCase()), { aliases: ['ucase'] }),
  fn('split', C, [2, 2], ['split(INPUT, SEPARATOR)'], 'String[]', 'Splits on ANY of the separator characters and drops empty parts (use explode when every position matters).', (a) => {
    if (isNull(a[0])) return null;
    const s = toStr(a[0]);
    const sep = isNull(a[1]) ? '' : toStr(a[1]);
    if (sep === '') return s === '' ? [] : [s];
    const set = new Set(sep);
    const out: string[] = [];
    let cur = '';
    for (const ch of s) {
      if (set.has(ch)) {
        if (cur) out.push(cur);
        cur = '';
      } else cur += ch;
    }
    if (cur) out.push(cur);
    return out;
  }, { example: 'split("Hello world", " ") → ["Hello", "world"]' }),
  fn('join', C, [2, Infinity], ['join(SEPARATOR, [OBJECTS])'], 'String', 'Joins the values (arrays are flattened one level) with SEPARATOR; nulls become empty text.', (a) => {
    const sep = toStr(a[0]);
    return flatten(a.slice(1)).map(toStr).join(sep);
  }, { example: 'join(" ", to_array(true, "Hello", "world")) → "Hello world"' }),
  fn('lpad', C, [3, 3], ['lpad(INPUT, COUNT, PADDING)'], 'String', 'Pads on the left with PADDING to COUNT characters (truncates when longer).', pad(true), { example: 'lpad("bat", 8, "yz") → "yzyzybat"' }),
  fn('rpad', C, [3, 3], ['rpad(INPUT, COUNT, PADDING)'], 'String', 'Pads on the right with PADDING to COUNT characters (truncates when longer).', pad(false), { example: 'rpad("bat", 8, "yz") → "batyzyzy"' }),
  fn('left', C, [2, 2], ['left(STRING, COUNT)'], 'String', 'The leftmost COUNT characters.', (a) => (isNull(a[0]) ? null : toStr(a[0]).slice(0, Math.max(0, toInt(a[1], 'left COUNT'))))),
  fn('right', C, [2, 2], ['right(STRING, COUNT)'], 'String', 'The rightmost COUNT characters.', (a) => {
    if (isNull(a[0])) return null;
    const s = toStr(a[0]);
    const n = Math.max(0, toInt(a[1], 'right COUNT'));
    return n === 0 ? '' : s.slice(Math.max(0, s.length - n));
  }),
  fn('ltrim', C, [1, 1], ['ltrim(STRING)'], 'String', 'Removes leading whitespace.', str1('ltrim', (s) => s.replace(/^\s+/, ''))),
  fn('rtrim', C, [1, 1], ['rtrim(STRING)'], 'String', 'Removes trailing whitespace.', str1('rtrim', (s) => s.replace(/\s+$/, ''))),
  fn('trim', C, [1, 1], ['trim(STRING)'], 'String', 'Removes leading and trailing whitespace.', str1('trim', (s) => s.trim())),
];

export const regexFunctions: FunctionDef[] = [
  fn('extract_regex', 'Regular expression', [2, 2], ['extract_regex(STRING, REGEX)'], 'String[]', 'The first match as an array: the full match, then every group. Null when nothing matches.', (a) => {
    if (isNull(a[0])) return null;
    const s = toStr(a[0]);
    checkRegexInput(s, 'extract_regex');
    const m = userRegex(a[1], 'extract_regex').exec(s);
    return m ? Array.from(m, (g) => (g === undefined ? null : g)) : null;
  }),
  fn('matches_regex', 'Regular expression', [2, 2], ['matches_regex(STRING, REGEX)'], 'Boolean', 'True when the WHOLE string matches the regular expression (Java matches()).', (a) => {
    if (isNull(a[0])) return false;
    const s = toStr(a[0]);
    checkRegexInput(s, 'matches_regex');
    const re = userRegex(a[1], 'matches_regex');
    const whole = wholeRegex(re);
    return whole.test(s);
  }),
];
