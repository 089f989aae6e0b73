import { compileFormatter, compileParser, FALLBACK_DATE_FORMATS, PatternError, type DateFormatter } from '../dates/pattern';
import { daysInMonth, isValidZone, ZonedDateTime } from '../dates/zonedDateTime';
import { FnError, isNull, toInt, toNum, toStr, typeName } from '../values';
import { fn, type FunctionDef } from './types';

const C = 'Date and time';

function formatter(pattern: unknown, fnName: string): DateFormatter {
  if (typeof pattern !== 'string') throw new FnError(`${fnName}: FORMAT must be a string pattern such as "yyyy-MM-dd'T'HH:mm:ssX"`);
  try {
    return compileFormatter(pattern);
  } catch (e) {
    if (e instanceof PatternError) throw new FnError(`${fnName}: ${e.message}`, 'dataprep.bad-date-pattern');
    throw e;
  }
}

function zoneArg(v: unknown, fnName: string): string {
  const z = toStr(v).trim();
  if (!isValidZone(z)) throw new FnError(`${fnName}: unknown time zone "${z}"; use an IANA id such as "America/Los_Angeles" or an offset such as "+05:30"`, 'dataprep.bad-time-zone');
  return z === 'Z' ? 'UTC' : z;
}

/** Tries the fallback formats of §5.3 in their documented order. */
export function parseDateFallback(s: string, zone = 'UTC'): ZonedDateTime | null {
  for (const f of FALLBACK_DATE_FORMATS) {
    const d = compileParser(f)(s, zone);
    if (d) return d;
  }
  return null;
}

/** A date argument: a date value, or a string in one of the fallback formats. */
function dateArg(v: unknown, fnName: string): ZonedDateTime {
  if (v instanceof ZonedDateTime) return v;
  if (typeof v === 'string') {
    const d = parseDateFallback(v.trim());
    if (d) return d;
    throw new FnError(`${fnName}: "${v.slice(0, 60)}" is not a date in any of the default formats; convert it first with date(STRING, FORMAT)`, 'dataprep.bad-date');
  }
  throw new FnError(`${fnName}: expected a date, got ${typeName(v)}; convert it with date(…)`, 'dataprep.bad-date');
}

type Component = 'year' | 'quarter' | 'month' | 'dayofyear' | 'day' | 'week' | 'weekday' | 'hour' | 'hour12' | 'minute' | 'second' | 'millisecond';

/**
 * §5.2 date_part components. `w` is listed both under week and weekday; week is listed first, so
 * `w` means week. Weekday is ISO (1 = Monday … 7 = Sunday), the same convention as `u` in §5.3.
 */
const COMPONENTS: Record<string, Component> = {
  year: 'year', yyyy: 'year', yy: 'year',
  quarter: 'quarter', qq: 'quarter', q: 'quarter',
  month: 'month', mm: 'month', m: 'month',
  dayofyear: 'dayofyear', dy: 'dayofyear', y: 'dayofyear',
  day: 'day', dd: 'day', d: 'day',
  week: 'week', ww: 'week', w: 'week',
  weekday: 'weekday', dw: 'weekday',
  hour: 'hour', hh: 'hour', hh24: 'hour', hh12: 'hour12',
  minute: 'minute', mi: 'minute', n: 'minute',
  second: 'second', ss: 'second', s: 'second',
  millisecond: 'millisecond', sss: 'millisecond',
};

function component(v: unknown, fnName: string): Component {
  const c = COMPONENTS[toStr(v).trim().toLowerCase()];
  if (!c) throw new FnError(`${fnName}: unknown COMPONENT "${toStr(v)}"; use year, quarter, month, dayofyear, day, week, weekday, hour, minute, second or millisecond`, 'dataprep.bad-date-component');
  return c;
}

function isoWeek(z: ZonedDateTime): number {
  const f = z.fields;
  const d = new Date(Date.UTC(f.year, f.month - 1, f.day));
  d.setUTCDate(d.getUTCDate() + 4 - f.dayOfWeek);
  return Math.ceil(((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000 + 1) / 7);
}

export const dateFunctions: FunctionDef[] = [
  fn('now', C, [0, 0], ['now()'], 'ZonedDateTime', 'The current time (UTC).', (_a, rt) => new ZonedDateTime(rt.now().getTime(), 'UTC'), { example: 'now() → 2021-10-26T10:10:24Z' }),
  fn('timestamp', C, [0, 0], ['timestamp()'], 'Long', 'The current time in epoch milliseconds.', (_a, rt) => rt.now().getTime()),
  fn('format', C, [2, 2], ['format(DATE, FORMAT)'], 'String', 'Formats a date (from date(), now(), …) with a Java-style pattern, in the date’s own zone.', (a) => {
    if (isNull(a[0])) return null;
    return formatter(a[1], 'format')(dateArg(a[0], 'format'));
  }),
  fn('dformat', C, [2, 2], ['dformat(TIMESTAMP_MS, FORMAT)'], 'String',
    'Formats epoch MILLISECONDS with a Java-style pattern, in UTC. MoEngage sends seconds: multiply by 1000 first.', (a) => {
      if (isNull(a[0])) return null;
      const v = a[0];
      const f = formatter(a[1], 'dformat');
      if (v instanceof ZonedDateTime) return f(v);
      const ms = toNum(v, 'dformat TIMESTAMP');
      if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw new FnError(`dformat: ${String(v)} is outside the range of dates`);
      return f.utc(Math.floor(ms));
    }, { example: `dformat(1571829875000, "yyyy-MM-dd'T'HH:mm:ss.SSSX") → "2019-10-23T11:24:35.000Z"` }),
  fn('date', C, [1, 3], ['date(DATE)', 'date(DATE, FORMAT)', 'date(DATE, FORMAT, DEFAULT_DATE)'], 'ZonedDateTime',
    'Parses a string into a date. FORMAT describes the source string; without it the 18 default formats are tried in order. With DEFAULT_DATE, that value is returned when parsing fails.', (a) => {
      const v = a[0];
      if (v instanceof ZonedDateTime) return v;
      const fallback = a.length >= 3 ? a[2] : undefined;
      if (isNull(v)) return fallback === undefined ? null : fallback;
      const s = toStr(v);
      let d: ZonedDateTime | null;
      if (a.length >= 2 && !isNull(a[1])) {
        if (typeof a[1] !== 'string') throw new FnError('date: FORMAT must be a string pattern');
        try {
          d = compileParser(a[1])(s, 'UTC');
        } catch (e) {
          if (e instanceof PatternError) throw new FnError(`date: ${e.message}`, 'dataprep.bad-date-pattern');
          throw e;
        }
      } else d = parseDateFallback(s.trim());
      if (d) return d;
      if (fallback !== undefined) return fallback;
      throw new FnError(
        a.length >= 2 && !isNull(a[1])
          ? `date: "${s.slice(0, 60)}" does not match the format "${toStr(a[1])}"`
          : `date: "${s.slice(0, 60)}" matches none of the 18 default formats; pass its FORMAT, e.g. date(x, "yyyy-MM-dd'T'HH:mm:ssXXX")`,
        'dataprep.bad-date',
      );
    }),
  fn('date_part', C, [2, 2], ['date_part(COMPONENT, DATE)'], 'Integer', 'One component of a date: year, quarter, month, dayofyear, day, week, weekday (1 = Monday), hour, minute, second, millisecond.', (a) => {
    if (isNull(a[1])) return null;
    const c = component(a[0], 'date_part');
    const z = dateArg(a[1], 'date_part');
    const f = z.fields;
    switch (c) {
      case 'year': return f.year;
      case 'quarter': return Math.floor((f.month - 1) / 3) + 1;
      case 'month': return f.month;
      case 'dayofyear': return f.dayOfYear;
      case 'day': return f.day;
      case 'week': return isoWeek(z);
      case 'weekday': return f.dayOfWeek;
      case 'hour': return f.hour;
      case 'hour12': return f.hour % 12 === 0 ? 12 : f.hour % 12;
      case 'minute': return f.minute;
      case 'second': return f.second;
      case 'millisecond': return f.millisecond;
    }
  }),
  fn('set_date_part', C, [3, 3], ['set_date_part(COMPONENT, VALUE, DATE)'], 'ZonedDateTime', 'Returns the date with one component replaced (year, month, day, hour, minute, second, millisecond).', (a) => {
    if (isNull(a[2])) return null;
    const c = component(a[0], 'set_date_part');
    const v = toInt(a[1], 'set_date_part VALUE');
    const z = dateArg(a[2], 'set_date_part');
    const f = z.fields;
    let { year, month, day, hour, minute, second, millisecond } = f;
    const range = (lo: number, hi: number): void => {
      if (v < lo || v > hi) throw new FnError(`set_date_part: ${c} must be between ${lo} and ${hi}, got ${v}`);
    };
    switch (c) {
      case 'year': year = v; break;
      case 'month': range(1, 12); month = v; break;
      case 'day': range(1, daysInMonth(year, month)); day = v; break;
      case 'hour': case 'hour12': range(0, 23); hour = v; break;
      case 'minute': range(0, 59); minute = v; break;
      case 'second': range(0, 59); second = v; break;
      case 'millisecond': range(0, 999); millisecond = v; break;
      default: throw new FnError(`set_date_part: "${toStr(a[0])}" cannot be set; use year, month, day, hour, minute, second or millisecond`);
    }
    if (day > daysInMonth(year, month)) day = daysInMonth(year, month);
    return ZonedDateTime.fromLocal(year, month, day, hour, minute, second, millisecond, z.zone, z.subMsNanos);
  }),
  fn('make_date_time', C, [8, 8], ['make_date_time(YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, NANOSECOND, TIMEZONE)'], 'ZonedDateTime', 'Builds a date from its parts in TIMEZONE.', (a) => {
    const n = ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'NANOSECOND'].map((w, i) => toInt(a[i], `make_date_time ${w}`));
    const [y, mo, d, h, mi, s, ns] = n;
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || ns < 0 || ns > 999999999) {
      throw new FnError(`make_date_time: ${y}-${mo}-${d} ${h}:${mi}:${s}.${ns} is not a valid date-time`, 'dataprep.bad-date');
    }
    const zone = zoneArg(a[7], 'make_date_time');
    return ZonedDateTime.fromLocal(y, mo, d, h, mi, s, Math.floor(ns / 1e6), zone, ns % 1e6);
  }, { aliases: ['make_timestamp'] }),
  fn('zone_date_to_utc', C, [1, 1], ['zone_date_to_utc(DATE)'], 'ZonedDateTime', 'The same instant in UTC.', (a) => (isNull(a[0]) ? null : dateArg(a[0], 'zone_date_to_utc').withZone('UTC'))),
  fn('zone_date_to_zone', C, [2, 2], ['zone_date_to_zone(DATE, ZONE)'], 'ZonedDateTime', 'The same instant in another zone.', (a) =>
    isNull(a[0]) ? null : dateArg(a[0], 'zone_date_to_zone').withZone(zoneArg(a[1], 'zone_date_to_zone'))),
];
