/**
 * The engine's stand-in for Java's ZonedDateTime (the type date()/format() work on, §5.2): an
 * instant plus a zone (IANA id, or a fixed offset such as `+05:30`). Calendar fields are derived
 * with Intl so zone rules (DST) are the platform's, not a hand-made table.
 */
export interface DateFields {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 1 = Monday … 7 = Sunday (ISO, §5.3 `u`). */
  dayOfWeek: number;
  dayOfYear: number;
  offsetMinutes: number;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** `Z`, `UTC`, `+05:30`, `-0800`, `+08` → minutes; otherwise null (an IANA id). */
export function parseFixedOffset(zone: string): number | null {
  if (zone === 'Z' || zone === 'UTC' || zone === 'GMT' || zone === 'UT') return 0;
  const m = /^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(zone);
  if (!m) return null;
  const h = Number(m[2]);
  const mi = Number(m[3] ?? 0);
  if (h > 18 || mi > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + mi);
}

/** True when the zone is a fixed offset or an IANA id the platform knows. */
export function isValidZone(zone: string): boolean {
  if (parseFixedOffset(zone) !== null) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Offset of an IANA zone at an instant, in minutes east of UTC. */
export function zoneOffsetMinutes(zone: string, epochMs: number): number {
  const fixed = parseFixedOffset(zone);
  if (fixed !== null) return fixed;
  let f = offsetFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset', year: 'numeric' });
    offsetFormatters.set(zone, f);
  }
  const part = f.formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(part);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

export function formatOffset(min: number, colon: boolean, zForZero: boolean): string {
  if (min === 0 && zForZero) return 'Z';
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  const hh = String(Math.floor(a / 60)).padStart(2, '0');
  const mm = String(a % 60).padStart(2, '0');
  return `${sign}${hh}${colon ? ':' : ''}${mm}`;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
export function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/**
 * UTC calendar fields straight from epoch milliseconds, written into `out` (no Date, no
 * allocation): dformat runs once per event, so this is on the hot path. Days → civil date is
 * Howard Hinnant's days_from_civil inverse.
 */
export function utcFieldsInto(ms: number, out: DateFields): DateFields {
  const days = Math.floor(ms / 86400000);
  let rem = ms - days * 86400000;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  out.year = y;
  out.month = m;
  out.day = d;
  out.hour = Math.floor(rem / 3600000);
  rem -= out.hour * 3600000;
  out.minute = Math.floor(rem / 60000);
  rem -= out.minute * 60000;
  out.second = Math.floor(rem / 1000);
  out.millisecond = rem - out.second * 1000;
  out.dayOfWeek = ((((days + 3) % 7) + 7) % 7) + 1;
  // doy counts from 1 March; convert to a 1 January origin.
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  out.dayOfYear = m >= 3 ? doy + 60 + (leap ? 1 : 0) : doy - 305;
  out.offsetMinutes = 0;
  return out;
}

export class ZonedDateTime {
  private cached: DateFields | undefined;

  constructor(
    readonly epochMs: number,
    readonly zone: string = 'UTC',
    /** Nanoseconds below the millisecond (0–999999), from make_date_time/date parsing of long fractions. */
    readonly subMsNanos = 0,
  ) {}

  /** Builds a date from local wall-clock fields in a zone (DST gaps resolve forward, as Java does). */
  static fromLocal(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number, zone: string, subMsNanos = 0): ZonedDateTime {
    const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
    const fixedYear = year >= 0 && year < 100 ? new Date(asUtc).setUTCFullYear(year) : asUtc;
    let off = zoneOffsetMinutes(zone, fixedYear);
    let epoch = fixedYear - off * 60000;
    const off2 = zoneOffsetMinutes(zone, epoch);
    if (off2 !== off) {
      off = off2;
      epoch = fixedYear - off * 60000;
    }
    return new ZonedDateTime(epoch, zone, subMsNanos);
  }

  get fields(): DateFields {
    if (this.cached) return this.cached;
    const off = this.zone === 'UTC' ? 0 : zoneOffsetMinutes(this.zone, this.epochMs);
    const local = this.epochMs + off * 60000;
    const d = new Date(local);
    const year = d.getUTCFullYear();
    const days = Math.floor(local / 86400000);
    // Days since 1 January of `year`; Date.UTC maps years 0–99 to 19xx, so fix those up.
    let jan1 = Date.UTC(year, 0, 1);
    if (year >= 0 && year < 100) jan1 = new Date(jan1).setUTCFullYear(year);
    this.cached = {
      year,
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      millisecond: d.getUTCMilliseconds(),
      dayOfWeek: ((((days + 3) % 7) + 7) % 7) + 1,
      dayOfYear: days - Math.floor(jan1 / 86400000) + 1,
      offsetMinutes: off,
    };
    return this.cached;
  }

  withZone(zone: string): ZonedDateTime {
    return new ZonedDateTime(this.epochMs, zone, this.subMsNanos);
  }

  /** ISO 8601 with offset (what XDM date-time fields accept); the fraction only when non-zero. */
  toISOString(): string {
    const f = this.fields;
    const p2 = (n: number): string => String(n).padStart(2, '0');
    const y = f.year < 0 ? '-' + String(-f.year).padStart(4, '0') : f.year > 9999 ? '+' + f.year : String(f.year).padStart(4, '0');
    let frac = '';
    if (f.millisecond || this.subMsNanos) {
      const nanos = f.millisecond * 1e6 + this.subMsNanos;
      frac = '.' + String(nanos).padStart(9, '0');
      frac = frac.replace(/(000)+$/, '');
    }
    return `${y}-${p2(f.month)}-${p2(f.day)}T${p2(f.hour)}:${p2(f.minute)}:${p2(f.second)}${frac}${formatOffset(f.offsetMinutes, true, true)}`;
  }

  toString(): string {
    return this.toISOString();
  }
  toJSON(): string {
    return this.toISOString();
  }
}
