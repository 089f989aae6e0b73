import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { errs, ev, evalError } from './helpers';

describe('objects and maps (§5.2 Hierarchies: objects, maps †)', () => {
  test('to_object builds an object from flat pairs; odd count is a static error', () => {
    assert.deepEqual(ev('to_object("a", 1, "b", x)', { x: 'y' }), { a: 1, b: 'y' });
    assert.equal(errs('to_object("a", 1, "b")')[0].code, 'dataprep.wrong-arity');
  });
  test('str_to_object parses delimited text; .get("key") chains', () => {
    assert.deepEqual(ev('str_to_object("a:1, b:2")'), { a: '1', b: '2' });
    assert.deepEqual(ev('str_to_object("a=1;b=2", "=", ";")'), { a: '1', b: '2' });
    assert.equal(ev('str_to_object("a:1,b:2").get("b")'), '2');
    assert.equal(ev('str_to_object("a:1").get("zz")'), null);
  });
  test('get_values doc example → "John"; null/empty delimiters default to ":" and ","', () => {
    assert.equal(ev('get_values("firstName - John , lastName - Cena , phone - 555 420 8692", "firstName", "-", ",")'), 'John');
    assert.equal(ev('get_values("a:1,b:2", "b", null)'), '2');
    assert.equal(ev('get_values("a:1,b:2", "b", "")'), '2');
  });
  test('contains_key tests existence, not value (replaces is_set)', () => {
    assert.equal(ev('contains_key(user.email)', { user: { email: null } }), true);
    assert.equal(ev('contains_key(user.phone)', { user: {} }), false);
    assert.equal(ev('contains_key("user.email")', { user: { email: 'x' } }), true);
    assert.equal(errs('contains_key(upper(x))')[0].code, 'dataprep.bad-argument');
  });
  test('is_empty, get_keys, nullify', () => {
    assert.deepEqual(['is_empty(null)', 'is_empty("")', 'is_empty([])', 'is_empty(o)', 'is_empty("x")'].map((e) => ev(e, { o: {} })), [true, true, true, true, false]);
    assert.deepEqual(ev('get_keys(o)', { o: { a: 1, b: 2 } }), ['a', 'b']);
    assert.equal(ev('nullify()'), null);
  });
  test('arrays_to_objects doc example zips key/array pairs', () => {
    assert.deepEqual(ev(`arrays_to_objects('sku', explode("id1|id2", '\\\\|'), 'price', [22.5,14.35])`), [
      { sku: 'id1', price: 22.5 },
      { sku: 'id2', price: 14.35 },
    ]);
  });
  test('map helpers †: map_get_values, map_has_keys, add_to_map keeps the first value, object_to_map, array_to_map, to_map', () => {
    const rec = { m: { a: 1, b: 2 }, n: { b: 9, c: 3 }, list: [{ id: 'x', v: 1 }, { id: 'y', v: 2 }] };
    assert.equal(ev('map_get_values(m, "a")', rec), 1);
    assert.deepEqual(ev('map_get_values(m, ["a", "z"])', rec), { a: 1 });
    assert.equal(ev('map_has_keys(m, ["a", "b"])', rec), true);
    assert.equal(ev('map_has_keys(m, ["a", "z"])', rec), false);
    assert.deepEqual(ev('add_to_map(m, n)', rec), { a: 1, b: 2, c: 3 });
    assert.deepEqual(ev('object_to_map("k", 1, "j", 2)'), { k: 1, j: 2 });
    assert.deepEqual(ev('object_to_map(m)', rec), { a: 1, b: 2 });
    assert.deepEqual(ev('object_to_map(list, "id")', rec), { x: { id: 'x', v: 1 }, y: { id: 'y', v: 2 } });
    assert.deepEqual(ev('array_to_map(list, "id")', rec), { x: { id: 'x', v: 1 }, y: { id: 'y', v: 2 } });
    assert.deepEqual(ev('to_map("a", 1)'), { a: 1 });
  });
  test('json_to_object parses JSON; bad JSON is a transformation error', () => {
    assert.deepEqual(ev('json_to_object(s)', { s: '{"a":[1,{"b":true}]}' }), { a: [1, { b: true }] });
    assert.equal(ev('json_to_object(s).a', { s: '{"a":5}' }), 5);
    assert.equal(evalError('json_to_object("{bad")').code, 'dataprep.bad-json');
  });
});

describe('arrays (§5.2 Hierarchies: arrays)', () => {
  test('coalesce doc example → "first"', () => assert.equal(ev('coalesce(null, null, null, "first", null, "second")'), 'first'));
  test('coalesce does not evaluate arguments after the first non-null', () => assert.equal(ev('coalesce("ok", to_integer("x"))'), 'ok'));
  test('to_array(false, 1, null, 2, 3) → [1,2,3]; true keeps nulls', () => {
    assert.deepEqual(ev('to_array(false, 1, null, 2, 3)'), [1, 2, 3]);
    assert.deepEqual(ev('to_array(true, 1, null)'), [1, null]);
    assert.deepEqual(ev('to_array("yes", 1, null)'), [1, null]);
  });
  test("add_to_array(['a','b'],'c','d') and join_arrays", () => {
    assert.deepEqual(ev("add_to_array(['a','b'],'c','d')"), ['a', 'b', 'c', 'd']);
    assert.deepEqual(ev('join_arrays([1], [2, 3], null, 4)'), [1, 2, 3, 4]);
  });
  test('first/last/size_of', () => {
    assert.equal(ev('first(xs)', { xs: [3, 4] }), 3);
    assert.equal(ev('last(xs)', { xs: [3, 4] }), 4);
    assert.equal(ev('first(xs)', { xs: [] }), null);
    assert.deepEqual(['size_of(xs)', 'size_of("héllo")', 'size_of(o)', 'size_of(null)'].map((e) => ev(e, { xs: [1, 2], o: { a: 1 } })), [2, 5, 1, 0]);
  });
  test('profile-update-only and destination-only functions are recognised, not unknown', () => {
    assert.equal(errs('upsert_array_append(xs)')[0].code, 'dataprep.unavailable-function');
    assert.match(errs('upsert_array_append(xs)')[0].message, /not available in streaming source mappings/);
    assert.equal(errs('array_to_string(",", xs)')[0].code, 'dataprep.unavailable-function');
    assert.equal(errs('aa_get_product_names(p)')[0].code, 'dataprep.unavailable-function');
  });
});

describe('logical, aggregation, conversion (§5.2)', () => {
  test('decode with a trailing default (even count) — integration guide event mapping', () => {
    const e = 'decode(event_code, "MOE_EMAIL_SENT", "directMarketing.emailSent", "MOE_EMAIL_OPEN", "directMarketing.emailOpened", "N/A")';
    assert.equal(ev(e, { event_code: 'MOE_EMAIL_OPEN' }), 'directMarketing.emailOpened');
    assert.equal(ev(e, { event_code: 'OTHER' }), 'N/A');
  });
  test('decode without a default (odd count) → null when nothing matches', () => {
    assert.equal(ev('decode(stateCode, "ca", "California", "pa", "Pennsylvania")', { stateCode: 'ny' }), null);
    assert.equal(ev('decode(stateCode, "ca", "California", "pa", "Pennsylvania")', { stateCode: 'pa' }), 'Pennsylvania');
  });
  test('iif doc example and boolean coercion from strings (§5.3)', () => {
    assert.equal(ev('iif("s".equalsIgnoreCase("S"), "True", "False")'), 'True');
    for (const t of ['y', 'yes', 'Y', 'YES', 'on', 'ON', 'true', 'TRUE']) assert.equal(ev('iif(v, 1, 0)', { v: t }), 1, t);
    for (const f of ['n', 'N', 'no', 'NO', 'off', 'OFF', 'false', 'FALSE']) assert.equal(ev('iif(v, 1, 0)', { v: f }), 0, f);
    assert.equal(ev('iif(v, 1, 0)', {}), 0);
  });
  test('iif only evaluates the chosen branch', () => assert.equal(ev('iif(true, "a", to_integer("x"))'), 'a'));
  test('min/max by natural ordering, nulls ignored; mixed kinds error', () => {
    assert.equal(ev('min(3, 1, null, 2)'), 1);
    assert.equal(ev('max("b", "a")'), 'b');
    assert.equal(ev('max(xs)', { xs: [1, 9, 3] }), 9);
    assert.equal(evalError('max(1, [2])').code, 'dataprep.eval-error');
  });
  test('to_integer / to_bigint / to_decimal / to_float', () => {
    assert.equal(ev('to_integer("42")'), 42);
    assert.equal(evalError('to_integer("4.2")').code, 'dataprep.bad-number');
    assert.equal(evalError('to_integer("3000000000")').code, 'dataprep.bad-number');
    assert.equal(ev('to_bigint("9007199254740993")'), '9007199254740993');
    assert.equal(ev('to_decimal("1.5")'), 1.5);
    assert.equal(ev('to_float(" 2e3 ")'), 2000);
    assert.equal(ev('to_decimal(null)'), null);
  });
  test('uuid/guid use the context generator; fpid_to_ecid is recognised but not previewable', () => {
    assert.equal(ev('uuid()', {}, { uuid: () => 'u-1' }), 'u-1');
    assert.match(ev('guid()') as string, /^[0-9a-f-]{36}$/);
    assert.equal(evalError('fpid_to_ecid("x")').code, 'dataprep.not-previewable');
  });
});

describe('user agent (§5.2 User agent)', () => {
  const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 5_1_1 like Mac OS X) AppleWebKit/534.46 (KHTML, like Gecko) Version/5.1 Mobile/9B206 Safari/7534.48.3';
  const CHROME_WIN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36';
  const EDGE = CHROME_WIN + ' Edg/120.0.2210.91';
  const FIREFOX_ANDROID = 'Mozilla/5.0 (Android 13; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0';
  test('iPhone Safari', () => {
    const r = { ua: IPHONE };
    assert.equal(ev('ua_os_name(ua)', r), 'iOS');
    assert.equal(ev('ua_os_version_major(ua)', r), 'iOS 5');
    assert.equal(ev('ua_os_version(ua)', r), '5.1.1');
    assert.equal(ev('ua_os_name_version(ua)', r), 'iOS 5.1.1');
    assert.equal(ev('ua_agent_version(ua)', r), '5.1');
    assert.equal(ev('ua_agent_version_major(ua)', r), 'Safari 5');
    assert.equal(ev('ua_agent_name(ua)', r), 'Safari');
    assert.equal(ev('ua_device_class(ua)', r), 'Phone');
  });
  test('Chrome and Edge on Windows, Firefox on Android', () => {
    assert.equal(ev('ua_agent_name(ua)', { ua: CHROME_WIN }), 'Chrome');
    assert.equal(ev('ua_os_name_version(ua)', { ua: CHROME_WIN }), 'Windows NT 10');
    assert.equal(ev('ua_agent_name(ua)', { ua: EDGE }), 'Edge');
    assert.equal(ev('ua_agent_version_major(ua)', { ua: FIREFOX_ANDROID }), 'Firefox 121');
    assert.equal(ev('ua_device_class(ua)', { ua: FIREFOX_ANDROID }), 'Phone');
  });
  test('unknown agents give null, never a guess', () => {
    assert.equal(ev('ua_agent_name("curl-ish thing")'), null);
    assert.equal(ev('ua_os_name("")'), null);
    assert.equal(ev('ua_os_name(null)'), null);
  });
});
