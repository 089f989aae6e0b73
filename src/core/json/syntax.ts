/**
 * A validating JSON scanner used only after `JSON.parse` has failed: V8's message is terse and
 * its offset differs between Node versions, so we re-scan to name the exact character and say
 * what the user should type instead. It never throws; it returns the first problem.
 */
export interface JsonSyntaxProblem {
  offset: number;
  length: number;
  message: string;
}

class Stop {
  constructor(readonly problem: JsonSyntaxProblem) {}
}

const WS = new Uint8Array(128);
WS[0x20] = WS[0x09] = WS[0x0a] = WS[0x0d] = 1;

function describeAt(text: string, i: number, end = text.length, eofLabel = 'the end of the file'): string {
  if (i >= end) return eofLabel;
  const c = text[i];
  if (c === '\n' || c === '\r') return 'a line break';
  return `'${c}'`;
}

/** `end`/`eofLabel` let NDJSON check one line in place ("the end of the line"). */
export function findSyntaxProblem(text: string, start = 0, end = text.length, eofLabel = 'the end of the file'): JsonSyntaxProblem | undefined {
  let i = start;
  const describe = (t: string, at: number) => describeAt(t, at, end, eofLabel);
  const fail = (offset: number, message: string, length = 1): never => {
    throw new Stop({ offset, length: offset >= end ? 0 : length, message });
  };
  const ws = () => {
    while (i < end) {
      const c = text.charCodeAt(i);
      if ((c < 128 && WS[c]) || (c === 0xfeff && i === 0)) i++;
      else if (c === 0x2f /* / */ && (text[i + 1] === '/' || text[i + 1] === '*'))
        fail(i, 'Comments are not allowed in JSON: remove the comment', 2);
      else break;
    }
  };
  const str = () => {
    const s = i++;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c === 0x5c) {
        const n = text[i + 1];
        if (n === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            fail(i, 'Invalid unicode escape: \\u must be followed by 4 hex digits', 2);
          i += 6;
        } else if (n !== undefined && '"\\/bfnrt'.includes(n)) i += 2;
        else fail(i, `Invalid escape sequence '\\${n ?? ''}': use \\\\ for a backslash`, 2);
        continue;
      }
      if (c < 0x20) fail(i, 'Unescaped control character in string: write it as \\n, \\t or \\u00XX');
      i++;
    }
    fail(s, "Unterminated string: add the closing '\"'");
  };
  const num = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, Math.min(end, i + 400)));
    if (!m) fail(i, `Invalid number starting at ${describe(text, i)}`);
    i += m![0].length;
    const c = text.charCodeAt(i);
    if (i < end && ((c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)))
      fail(i, `Invalid number: unexpected ${describe(text, i)} (numbers have no leading zeros, quotes or units)`);
  };
  const value = (): void => {
    ws();
    if (i >= end) fail(i, `Unexpected ${eofLabel}: expected a JSON value`);
    const c = text[i];
    if (c === '{') return obj();
    if (c === '[') return arr();
    if (c === '"') return str();
    if (c === '-' || (c >= '0' && c <= '9')) return num();
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    }
    if (c === "'") fail(i, 'Strings must use double quotes (") in JSON, not single quotes');
    const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(i, i + 40));
    if (word) fail(i, `Unexpected word '${word[0]}': strings must be in double quotes; literals are true, false and null`, word[0].length);
    fail(i, `Expected a JSON value but found ${describe(text, i)}`);
  };
  const obj = () => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') {
        if (text[i] === '}') fail(lastComma, "Trailing comma before '}' is not allowed in JSON: remove it");
        if (text[i] === "'") fail(i, 'Property names must use double quotes (") in JSON, not single quotes');
        fail(i, `Expected a property name in double quotes but found ${describe(text, i)}`);
      }
      str();
      ws();
      if (text[i] !== ':') fail(i, `Expected ':' after property name but found ${describe(text, i)}`);
      i++;
      value();
      ws();
      if (text[i] === ',') {
        lastComma = i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail(i, `Expected ',' or '}' after property value but found ${describe(text, i)}`);
    }
  };
  const arr = () => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === ']') fail(lastComma, "Trailing comma before ']' is not allowed in JSON: remove it");
      value();
      ws();
      if (text[i] === ',') {
        lastComma = i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail(i, `Expected ',' or ']' after array element but found ${describe(text, i)}`);
    }
  };
  let lastComma = -1;
  try {
    value();
    ws();
    if (i < end)
      fail(i, `Unexpected ${describe(text, i)} after the end of the JSON value: a JSON file holds one value (use .moe.ndjson for one event per line)`);
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return e.problem;
    // Deeply nested input can overflow the recursion; still answer with a located message.
    return { offset: i, length: 1, message: 'The JSON is nested too deeply to check' };
  }
}
