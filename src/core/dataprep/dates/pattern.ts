import { daysInMonth, formatOffset, parseFixedOffset, isValidZone, utcFieldsInto, ZonedDateTime, type DateFields } from './zonedDateTime';

/**
 * Date patterns, Java style, with the letters of aep-streaming-and-dataprep.md §5.3. Where
 * SimpleDateFormat and DateTimeFormatter differ, §5.3's table wins: `u` is the ISO day number
 * (1 = Monday), `S` the fraction (so `SSS` is milliseconds in both), `k` 1–24, `K` 0–11.
 * A pattern is compiled once and cached; formatting an event never re-reads the pattern.
 */
export type PatternPart = { kind: 'literal'; text: string } | { kind: 'field'; letter: string; count: number };

export class PatternError extends Error {}

const LETTERS = new Set('GyYMLwWDdFEuQqaHkKhmsSzZXxVOn'.split(''));
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function tokenizePattern(pattern: string): PatternPart[] {
  const parts: PatternPart[] = [];
  let i = 0;
  let lit = '';
  const flush = (): void => {
    if (lit) parts.push({ kind: 'literal', text: lit });
    lit = '';
  };
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        lit += "'";
        i += 2;
        continue;
      }
      const close = pattern.indexOf("'", i + 1);
      if (close < 0) throw new PatternError(`unterminated quote at position ${i + 1} of the pattern "${pattern}"; close the literal with '`);
      // '' inside a quoted literal is one quote.
      let j = i + 1;
      while (j < pattern.length) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            lit += "'";
            j += 2;
            continue;
          }
          break;
        }
        lit += pattern[j++];
      }
      if (j >= pattern.length) throw new PatternError(`unterminated quote in the pattern "${pattern}"; close the literal with '`);
      i = j + 1;
      continue;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      if (!LETTERS.has(c)) throw new PatternError(`unknown pattern letter '${c}' in "${pattern}"; quote literal text as '${c}'`);
      let j = i;
      while (pattern[j] === c) j++;
      flush();
      parts.push({ kind: 'field', letter: c, count: j - i });
      i = j;
      continue;
    }
    lit += c;
    i++;
  }
  flush();
  return parts;
}

function pad(n: number, w: number): string {
  if (w === 2 && n >= 0 && n < 100) return n < 10 ? '0' + n : '' + n;
  if (w === 1 && n >= 0) return '' + n;
  return n < 0 ? '-' + String(-n).padStart(w, '0') : String(n).padStart(w, '0');
}

function isoWeek(f: DateFields): { week: number; weekYear: number } {
  const d = new Date(Date.UTC(f.year, f.month - 1, f.day));
  d.setUTCDate(d.getUTCDate() + 4 - f.dayOfWeek);
  const weekYear = d.getUTCFullYear();
  const week = Math.ceil(((d.getTime() - Date.UTC(weekYear, 0, 1)) / 86400000 + 1) / 7);
  return { week, weekYear };
}

function zoneName(z: ZonedDateTime, long: boolean): string {
  if (parseFixedOffset(z.zone) !== null) {
    const off = z.fields.offsetMinutes;
    return off === 0 ? (z.zone === 'Z' ? 'Z' : 'UTC') : formatOffset(off, true, false);
  }
  const f = new Intl.DateTimeFormat('en-US', { timeZone: z.zone, timeZoneName: long ? 'long' : 'short' });
  return f.formatToParts(new Date(z.epochMs)).find((p) => p.type === 'timeZoneName')?.value ?? z.zone;
}

type Emit = (z: ZonedDateTime, f: DateFields) => string;

function fieldFormatter(letter: string, count: number): Emit {
  switch (letter) {
    case 'G':
      return (_z, f) => (count === 4 ? (f.year > 0 ? 'Anno Domini' : 'Before Christ') : f.year > 0 ? 'AD' : 'BC');
    case 'y':
      return count === 2 ? (_z, f) => pad(((f.year % 100) + 100) % 100, 2) : (_z, f) => pad(f.year, count);
    case 'Y':
      return count === 2 ? (_z, f) => pad(isoWeek(f).weekYear % 100, 2) : (_z, f) => pad(isoWeek(f).weekYear, count);
    case 'M':
    case 'L':
      if (count >= 4) return (_z, f) => MONTHS[f.month - 1];
      if (count === 3) return (_z, f) => MONTHS[f.month - 1].slice(0, 3);
      return (_z, f) => pad(f.month, count);
    case 'w':
      return (_z, f) => pad(isoWeek(f).week, count);
    case 'W':
      return (_z, f) => pad(Math.ceil((f.day + ((new Date(Date.UTC(f.year, f.month - 1, 1)).getUTCDay() + 6) % 7)) / 7), count);
    case 'D':
      return (_z, f) => pad(f.dayOfYear, count);
    case 'd':
      return (_z, f) => pad(f.day, count);
    case 'F':
      return (_z, f) => pad(Math.ceil(f.day / 7), count);
    case 'E':
      return count >= 4 ? (_z, f) => DAYS[f.dayOfWeek - 1] : (_z, f) => DAYS[f.dayOfWeek - 1].slice(0, 3);
    case 'u':
      return (_z, f) => pad(f.dayOfWeek, count);
    case 'Q':
    case 'q': {
      const names = ['1st quarter', '2nd quarter', '3rd quarter', '4th quarter'];
      return (_z, f) => {
        const q = Math.floor((f.month - 1) / 3) + 1;
        return count >= 4 ? names[q - 1] : count === 3 ? `Q${q}` : pad(q, count);
      };
    }
    case 'a':
      return (_z, f) => (f.hour < 12 ? 'AM' : 'PM');
    case 'H':
      return (_z, f) => pad(f.hour, count);
    case 'k':
      return (_z, f) => pad(f.hour === 0 ? 24 : f.hour, count);
    case 'K':
      return (_z, f) => pad(f.hour % 12, count);
    case 'h':
      return (_z, f) => pad(f.hour % 12 === 0 ? 12 : f.hour % 12, count);
    case 'm':
      return (_z, f) => pad(f.minute, count);
    case 's':
      return (_z, f) => pad(f.second, count);
    case 'S':
      return (z, f) => String(f.millisecond * 1e6 + z.subMsNanos).padStart(9, '0').slice(0, Math.min(count, 9)).padEnd(count, '0');
    case 'n':
      return (z, f) => pad(f.millisecond * 1e6 + z.subMsNanos, count);
    case 'X':
      return (_z, f) => offsetText(f.offsetMinutes, count, true);
    case 'x':
      return (_z, f) => offsetText(f.offsetMinutes, count, false);
    case 'Z':
      if (count === 4) return (_z, f) => (f.offsetMinutes === 0 ? 'GMT' : 'GMT' + formatOffset(f.offsetMinutes, true, false));
      if (count >= 5) return (_z, f) => formatOffset(f.offsetMinutes, true, true);
      return (_z, f) => formatOffset(f.offsetMinutes, false, false);
    case 'z':
      return (z) => zoneName(z, count >= 4);
    case 'V':
      return (z) => (z.zone === 'Z' ? 'Z' : z.zone);
    case 'O':
      return (_z, f) => {
        const o = f.offsetMinutes;
        if (o === 0) return 'GMT';
        if (count >= 4) return 'GMT' + formatOffset(o, true, false);
        const a = Math.abs(o);
        return `GMT${o < 0 ? '-' : '+'}${Math.floor(a / 60)}${a % 60 ? ':' + pad(a % 60, 2) : ''}`;
      };
    default:
      throw new PatternError(`unsupported pattern letter '${letter}'`);
  }
}

/** X: `-08` / `-0830`, XX: `-0800`, XXX: `-08:00`; `Z` for zero (x variants never use `Z`). §5.3. */
function offsetText(min: number, count: number, z: boolean): string {
  if (min === 0 && z) return 'Z';
  if (count === 1) {
    const full = formatOffset(min, false, false);
    return min % 60 === 0 ? full.slice(0, 3) : full;
  }
  return formatOffset(min, count === 3 || count === 5, false);
}

export type DateFormatter = ((z: ZonedDateTime) => string) & {
  /** Formats epoch milliseconds in UTC without allocating a ZonedDateTime (dformat's hot path). */
  utc: (ms: number) => string;
};

const formatterCache = new Map<string, DateFormatter>();
const UTC_ZONE = new ZonedDateTime(0, 'UTC');
const scratch: DateFields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, millisecond: 0, dayOfWeek: 0, dayOfYear: 0, offsetMinutes: 0 };

/** Compiles (and caches, bounded) a formatter; throws PatternError for an unusable pattern. */
export function compileFormatter(pattern: string): DateFormatter {
  let f = formatterCache.get(pattern);
  if (f) return f;
  const emits: Emit[] = tokenizePattern(pattern).map((p) => (p.kind === 'literal' ? () => p.text : fieldFormatter(p.letter, p.count)));
  const run = (z: ZonedDateTime, fields: DateFields): string => {
    let out = '';
    for (let i = 0; i < emits.length; i++) out += emits[i](z, fields);
    return out;
  };
  f = Object.assign((z: ZonedDateTime) => run(z, z.fields), { utc: (ms: number) => run(UTC_ZONE, utcFieldsInto(ms, scratch)) });
  if (formatterCache.size > 500) formatterCache.clear();
  formatterCache.set(pattern, f);
  return f;
}

// ---- parsing ---------------------------------------------------------------

export type DateParser = (text: string, defaultZone: string) => ZonedDateTime | null;

const parserCache = new Map<string, DateParser>();

const ZONE_ABBREVIATIONS: Record<string, string> = {
  UTC: 'UTC', GMT: 'UTC', Z: 'UTC', UT: 'UTC',
  PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles', MST: 'America/Denver', MDT: 'America/Denver',
  CST: 'America/Chicago', CDT: 'America/Chicago', EST: 'America/New_York', EDT: 'America/New_York',
  IST: 'Asia/Kolkata', CET: 'Europe/Paris', CEST: 'Europe/Paris', BST: 'Europe/London', JST: 'Asia/Tokyo',
};

/**
 * Compiles a strict parser for a pattern (the FORMAT of `date(DATE, FORMAT)` describes the source
 * string, §5.2). Numeric fields adjacent to another numeric field take exactly `count` digits
 * (so `yyyyMMdd` works, like Java's adjacent value parsing); otherwise 1+ digits.
 */
export function compileParser(pattern: string): DateParser {
  let p = parserCache.get(pattern);
  if (p) return p;
  const parts = tokenizePattern(pattern);
  const numeric = (q: PatternPart | undefined): boolean =>
    !!q && q.kind === 'field' && !('aEGzZXxVO'.includes(q.letter) || ((q.letter === 'M' || q.letter === 'L') && q.count >= 3));
  p = (text, defaultZone) => {
    let i = 0;
    let year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, nanos = 0;
    let hour12: number | null = null;
    let pm: boolean | null = null;
    let zone: string | null = null;
    let dayOfYear: number | null = null;
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k];
      if (part.kind === 'literal') {
        if (!text.startsWith(part.text, i)) {
          // Java treats a literal space leniently only in lenient mode; we stay strict.
          return null;
        }
        i += part.text.length;
        continue;
      }
      const { letter, count } = part;
      if (numeric(part)) {
        const fixed = numeric(parts[k + 1]) || (letter === 'y' && count === 2);
        let j = i;
        if (letter === 'y' && (text[j] === '-' || text[j] === '+') && !fixed) j++;
        // Java strictness: `MM`, `dd`, `HH`, `SSS` need exactly that many digits; `M`, `d`, `yyyy` take what is there.
        const exact = fixed || (count >= 2 && letter !== 'y');
        const maxLen = exact ? count : 10;
        while (j < text.length && j - i < maxLen && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        const digits = text.slice(i, j);
        if (digits.length === 0 || (exact && digits.length !== count)) return null;
        const v = Number(digits);
        i = j;
        switch (letter) {
          case 'y':
          case 'Y':
            year = count === 2 && digits.length === 2 ? 2000 + v : v;
            break;
          case 'M':
          case 'L':
            month = v;
            break;
          case 'd':
            day = v;
            break;
          case 'D':
            dayOfYear = v;
            break;
          case 'H':
            hour = v;
            break;
          case 'k':
            hour = v === 24 ? 0 : v;
            break;
          case 'h':
            hour12 = v === 12 ? 0 : v;
            break;
          case 'K':
            hour12 = v;
            break;
          case 'm':
            minute = v;
            break;
          case 's':
            second = v;
            break;
          case 'S':
            nanos = Number(digits.padEnd(9, '0').slice(0, 9));
            break;
          case 'n':
            nanos = v;
            break;
          default:
            break; // u, w, W, F, Q: read but not needed to place the instant
        }
        continue;
      }
      const rest = text.slice(i);
      if (letter === 'M' || letter === 'L' || letter === 'E') {
        const names = letter === 'E' ? DAYS : MONTHS;
        let found = -1;
        let len = 0;
        for (let n = 0; n < names.length; n++) {
          const full = names[n];
          const short = full.slice(0, 3);
          const cand = count >= 4 ? [full] : [short];
          for (const c of cand) if (rest.slice(0, c.length).toLowerCase() === c.toLowerCase() && c.length > len) {
            found = n;
            len = c.length;
          }
        }
        if (found < 0) return null;
        if (letter !== 'E') month = found + 1;
        i += len;
        continue;
      }
      if (letter === 'a') {
        const ap = rest.slice(0, 2).toUpperCase();
        if (ap !== 'AM' && ap !== 'PM') return null;
        pm = ap === 'PM';
        i += 2;
        continue;
      }
      if (letter === 'G') {
        const m = /^(AD|BC)/i.exec(rest);
        if (!m) return null;
        i += 2;
        continue;
      }
      if (letter === 'X' || letter === 'x' || letter === 'Z') {
        const m = /^(Z|[+-]\d{2}(?::?\d{2})?)/.exec(rest);
        if (!m || (m[1] === 'Z' && letter === 'x')) return null;
        zone = m[1] === 'Z' ? 'Z' : normalizeOffset(m[1]);
        i += m[1].length;
        continue;
      }
      if (letter === 'O') {
        const m = /^GMT([+-]\d{1,2}(?::\d{2})?)?/.exec(rest);
        if (!m) return null;
        zone = m[1] ? normalizeOffset(m[1]) : 'UTC';
        i += m[0].length;
        continue;
      }
      if (letter === 'z') {
        const m = /^[A-Za-z]{1,5}/.exec(rest);
        const id = m ? ZONE_ABBREVIATIONS[m[0].toUpperCase()] : undefined;
        if (!m || !id) return null;
        zone = id;
        i += m[0].length;
        continue;
      }
      if (letter === 'V') {
        const m = /^[A-Za-z_]+(?:\/[A-Za-z_+-]+)*|^Z/.exec(rest);
        if (!m || !isValidZone(m[0])) return null;
        zone = m[0];
        i += m[0].length;
        continue;
      }
      return null;
    }
    if (i !== text.length) return null;
    if (hour12 !== null) hour = hour12 + (pm ? 12 : 0);
    else if (pm !== null && hour < 12 && pm) hour += 12;
    if (dayOfYear !== null) {
      const d = new Date(Date.UTC(year, 0, dayOfYear));
      month = d.getUTCMonth() + 1;
      day = d.getUTCDate();
    }
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return null;
    const z = zone ?? defaultZone;
    return ZonedDateTime.fromLocal(year, month, day, hour, minute, second, Math.floor(nanos / 1e6), z, nanos % 1e6);
  };
  if (parserCache.size > 500) parserCache.clear();
  parserCache.set(pattern, p);
  return p;
}

function normalizeOffset(s: string): string {
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(s)!;
  return `${m[1]}${m[2].padStart(2, '0')}:${m[3] ?? '00'}`;
}

/** The 18 formats `date(DATE)` tries in order when no FORMAT is given; the first match wins (§5.3). */
export const FALLBACK_DATE_FORMATS: readonly string[] = [
  'yyyy-MM-dd HH:mm:ssZ',
  'yyyy-MM-dd HH:mm:ss.SSSZ',
  'yyyy-MM-dd HH:mm:ss.SSS',
  "yyyy-MM-dd'T'HH:mm:ss.SSSX",
  "yyyy-MM-dd'T'HH:mm:ss'Z'",
  'yyyy-MM-dd',
  'yyyy/MM/dd',
  'yyyy.MM.dd',
  'yyyy-MMM-dd',
  'yyyyMMdd',
  'MM-dd-yyyy',
  'MMddyyyy',
  'M/dd/yyyy',
  'dd.M.yyyy',
  'M/dd/yyyy hh:mm:ss a',
  'dd.M.yyyy hh:mm:ss a',
  'dd.MMM.yyyy',
  'dd-MMM-yyyy',
];
