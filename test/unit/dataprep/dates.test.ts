import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { FALLBACK_DATE_FORMATS } from '../../../src/core/dataprep/dates/pattern';
import { ev, evalError } from './helpers';

const FIXED = { now: () => new Date('2021-10-26T10:10:24Z') };

describe('dformat (§5.2: epoch MILLISECONDS, Java patterns of §5.3)', () => {
  test(`doc example: dformat(1571829875000, "yyyy-MM-dd'T'HH:mm:ss.SSSX") → 2019-10-23T11:24:35.000Z`, () => {
    assert.equal(ev(`dformat(1571829875000, "yyyy-MM-dd'T'HH:mm:ss.SSSX")`), '2019-10-23T11:24:35.000Z');
  });
  test(`integration guide formula: dformat((time * 1000), "yyyy-MM-dd'T'HH:mm:ssX") on MoEngage seconds`, () => {
    assert.equal(ev(`dformat((time * 1000), "yyyy-MM-dd'T'HH:mm:ssX")`, { time: 1571829875 }), '2019-10-23T11:24:35Z');
    assert.equal(ev(`dformat((time * 1000), "yyyy-MM-dd'T'HH:mm:ssX")`, { time: '1571829875' }), '2019-10-23T11:24:35Z');
  });
  test('seconds passed by mistake land in 1970 — the preview shows the user why', () => {
    assert.equal(ev(`dformat(time, "yyyy-MM-dd")`, { time: 1571829875 }), '1970-01-19');
  });
  test('names, 12/24-hour clocks, day of year, ISO day number, quarter', () => {
    const t = Date.UTC(2024, 0, 7, 0, 5, 9, 42); // Sunday
    const f = (p: string): unknown => ev(`dformat(${t}, "${p}")`);
    assert.equal(f('EEE EEEE MMM MMMM'), 'Sun Sunday Jan January');
    assert.equal(f('h a'), '12 AM');
    assert.equal(f('H k K'), '0 24 0');
    assert.equal(f('D u Q QQQ'), '7 7 1 Q1');
    assert.equal(f('SSS'), '042');
    assert.equal(f('yy.M.d'), '24.1.7');
  });
  test('offset letters in UTC: X → Z, XX/XXX → Z, Z → +0000, x → +00', () => {
    const t = 0;
    assert.equal(ev(`dformat(${t}, "X|XX|XXX|Z|xxx")`), 'Z|Z|Z|+0000|+00:00');
  });
  test("quoted literals and '' escapes", () => {
    assert.equal(ev(`dformat(0, "'Day' d 'o''clock'")`), "Day 1 o'clock");
  });
  test('a bad pattern letter is a located transformation error', () => {
    const e = evalError('dformat(0, "yyyy-bb")');
    assert.equal(e.code, 'dataprep.bad-date-pattern');
    assert.match(e.message, /unknown pattern letter 'b'/);
  });
  test('null timestamp → null; non-numeric text → error', () => {
    assert.equal(ev('dformat(x, "yyyy")'), null);
    assert.equal(evalError('dformat("yesterday", "yyyy")').code, 'dataprep.eval-error');
  });
});

describe('date() parsing with the 18 fallback formats (§5.3)', () => {
  test('there are exactly 18 formats, tried in the documented order', () => {
    assert.equal(FALLBACK_DATE_FORMATS.length, 18);
    assert.equal(FALLBACK_DATE_FORMATS[0], 'yyyy-MM-dd HH:mm:ssZ');
    assert.equal(FALLBACK_DATE_FORMATS[17], 'dd-MMM-yyyy');
  });
  const cases: [string, string][] = [
    ['2019-10-23 11:24:35+0200', '2019-10-23T09:24:35Z'],
    ['2019-10-23 11:24:35.123+0000', '2019-10-23T11:24:35.123Z'],
    ['2019-10-23 11:24:35.123', '2019-10-23T11:24:35.123Z'],
    ['2019-10-23T11:24:35.000Z', '2019-10-23T11:24:35Z'],
    ['2019-10-23T11:24:35.500+05:30', '2019-10-23T05:54:35.500Z'],
    ['2019-10-23T11:24:35Z', '2019-10-23T11:24:35Z'],
    ['2019-10-23', '2019-10-23T00:00:00Z'],
    ['2019/10/23', '2019-10-23T00:00:00Z'],
    ['2019.10.23', '2019-10-23T00:00:00Z'],
    ['2019-Oct-23', '2019-10-23T00:00:00Z'],
    ['20191023', '2019-10-23T00:00:00Z'],
    ['10-23-2019', '2019-10-23T00:00:00Z'],
    ['10232019', '2019-10-23T00:00:00Z'],
    ['1/23/2019', '2019-01-23T00:00:00Z'],
    ['23.1.2019', '2019-01-23T00:00:00Z'],
    ['1/23/2019 01:02:03 PM', '2019-01-23T13:02:03Z'],
    ['23.1.2019 12:02:03 AM', '2019-01-23T00:02:03Z'],
    ['23.Jan.2019', '2019-01-23T00:00:00Z'],
    ['23-Jan-2019', '2019-01-23T00:00:00Z'],
  ];
  for (const [input, want] of cases) {
    test(`date("${input}") → ${want}`, () => assert.equal(ev(`zone_date_to_utc(date("${input}"))`), want));
  }
  test('no fallback format matches → transformation error that suggests FORMAT', () => {
    const e = evalError('date("23 October 2019")');
    assert.equal(e.code, 'dataprep.bad-date');
    assert.match(e.message, /FORMAT/);
  });
  test('explicit FORMAT describes the source string; DEFAULT_DATE is used on failure', () => {
    assert.equal(ev('date("23 Oct 2019 10:00", "dd MMM yyyy HH:mm")'), '2019-10-23T10:00:00Z');
    assert.equal(ev('date("garbage", "yyyy-MM-dd", now())', {}, FIXED), '2021-10-26T10:10:24Z');
    assert.equal(evalError('date("2019-13-01", "yyyy-MM-dd")').code, 'dataprep.bad-date');
  });
  test('invalid calendar dates are refused (Feb 30)', () => {
    assert.equal(evalError('date("2019-02-30")').code, 'dataprep.bad-date');
  });
});

describe('now, timestamp, format, date_part, set_date_part, make_date_time, zones', () => {
  test('now() doc shape 2021-10-26T10:10:24Z and timestamp() in ms', () => {
    assert.equal(ev('now()', {}, FIXED), '2021-10-26T10:10:24Z');
    assert.equal(ev('timestamp()', {}, FIXED), Date.UTC(2021, 9, 26, 10, 10, 24));
  });
  test('format renders in the date’s own zone', () => {
    assert.equal(ev(`format(zone_date_to_zone(date("2019-10-23T11:24:35Z"), "Asia/Kolkata"), "yyyy-MM-dd HH:mm XXX")`), '2019-10-23 16:54 +05:30');
  });
  test('date_part components and aliases', () => {
    const d = 'date("2019-10-23T11:24:35.123Z")';
    const want: Record<string, number> = { year: 2019, yy: 2019, quarter: 4, month: 10, dayofyear: 296, day: 23, week: 43, weekday: 3, hour: 11, hh12: 11, minute: 24, mi: 24, second: 35, millisecond: 123 };
    for (const [c, v] of Object.entries(want)) assert.equal(ev(`date_part("${c}", ${d})`), v, c);
    assert.equal(evalError(`date_part("fortnight", ${d})`).code, 'dataprep.bad-date-component');
  });
  test('set_date_part replaces one component', () => {
    assert.equal(ev('set_date_part("month", 2, date("2019-10-23"))'), '2019-02-23T00:00:00Z');
    assert.equal(ev('set_date_part("year", 2020, date("2019-10-23"))'), '2020-10-23T00:00:00Z');
    assert.equal(evalError('set_date_part("month", 13, date("2019-10-23"))').code, 'dataprep.eval-error');
  });
  test('make_date_time / make_timestamp in a zone, with nanoseconds', () => {
    assert.equal(ev('make_date_time(2019, 10, 23, 11, 24, 35, 123000000, "America/Los_Angeles")'), '2019-10-23T11:24:35.123-07:00');
    assert.equal(ev('zone_date_to_utc(make_timestamp(2019, 1, 23, 11, 24, 35, 0, "America/Los_Angeles"))'), '2019-01-23T19:24:35Z');
    assert.equal(evalError('make_date_time(2019, 2, 30, 0, 0, 0, 0, "UTC")').code, 'dataprep.bad-date');
    assert.equal(evalError('make_date_time(2019, 2, 3, 0, 0, 0, 0, "Mars/Olympus")').code, 'dataprep.bad-time-zone');
  });
  test('zone conversions keep the instant; DST applies', () => {
    assert.equal(ev('zone_date_to_zone(date("2019-07-01T12:00:00Z"), "Europe/Paris")'), '2019-07-01T14:00:00+02:00');
    assert.equal(ev('zone_date_to_zone(date("2019-01-01T12:00:00Z"), "Europe/Paris")'), '2019-01-01T13:00:00+01:00');
    assert.equal(ev('zone_date_to_zone(date("2019-01-01T12:00:00Z"), "+05:30")'), '2019-01-01T17:30:00+05:30');
  });
  test('dates are written to XDM as ISO 8601 strings', () => {
    assert.equal(typeof ev('date("2019-10-23")'), 'string');
  });
});

describe('fast UTC calendar path', () => {
  test('utcFieldsInto agrees with the Date-based fields for any instant (property, fixed seed)', async () => {
    const fc = (await import('fast-check')).default;
    const { utcFieldsInto, ZonedDateTime } = await import('../../../src/core/dataprep/dates/zonedDateTime');
    const scratch = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, millisecond: 0, dayOfWeek: 0, dayOfYear: 0, offsetMinutes: 0 };
    fc.assert(
      fc.property(fc.integer({ min: -62135596800000, max: 253402300799999 }), (ms) => {
        assert.deepEqual({ ...utcFieldsInto(ms, scratch) }, { ...new ZonedDateTime(ms, 'UTC').fields });
      }),
      { seed: 3, numRuns: 2000 },
    );
  });
});
