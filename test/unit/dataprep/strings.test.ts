import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { errs, ev, evalError } from './helpers';

describe('string functions (§5.2 String) — doc examples', () => {
  test('concat("Hi, ", "there", "!") → "Hi, there!"', () => assert.equal(ev('concat("Hi, ", "there", "!")'), 'Hi, there!'));
  test('explode("Hi, there!", " ") splits on a regex (the doc shows ["Hi,","there"]; the "!" is a doc slip)', () =>
    assert.deepEqual(ev('explode("Hi, there!", " ")'), ['Hi,', 'there!']));
  test('explode default separator is ","', () => assert.deepEqual(ev('explode("a,b,c")'), ['a', 'b', 'c']));
  test('explode keeps inner empties and drops trailing ones (Java split)', () => assert.deepEqual(ev('explode("a,,b,,")'), ['a', '', 'b']));
  test('instr("adobe.com","com") → 6 (0-based, doc example)', () => assert.equal(ev('instr("adobe.com","com")'), 6));
  test('instr: absent → -1, START_POSITION and OCCURRENCE', () => {
    assert.equal(ev('instr("adobe.com","xyz")'), -1);
    assert.equal(ev('instr("a.b.c", ".", 0, 2)'), 3);
    assert.equal(ev('instr("a.b.c", ".", 2)'), 3);
  });
  test('substr("This is a substring test", 7, 8) → " a subst"', () => assert.equal(ev('substr("This is a substring test", 7, 8)'), ' a subst'));
  test('substr clamps out-of-range values', () => {
    assert.equal(ev('substr("abc", 1, 99)'), 'bc');
    assert.equal(ev('substr("abc", 10, 2)'), '');
  });
  test('split("Hello world"," ") → ["Hello","world"], any separator char, empties dropped (†)', () => {
    assert.deepEqual(ev('split("Hello world"," ")'), ['Hello', 'world']);
    assert.deepEqual(ev('split("a;b,,c", ",;")'), ['a', 'b', 'c']);
  });
  test('join(" ", to_array(true, "Hello", "world")) → "Hello world"', () => assert.equal(ev('join(" ", to_array(true, "Hello", "world"))'), 'Hello world'));
  test('lpad → "yzyzybat", rpad → "batyzyzy"', () => {
    assert.equal(ev('lpad("bat", 8, "yz")'), 'yzyzybat');
    assert.equal(ev('rpad("bat", 8, "yz")'), 'batyzyzy');
    assert.equal(ev('lpad("bat", 2, "yz")'), 'ba');
  });
  test('case, trimming, left/right, replacestr (plain text, not regex)', () => {
    assert.equal(ev('upper("straße")'), 'STRASSE');
    assert.equal(ev('lcase("ÀB")'), 'àb');
    assert.equal(ev('ucase("ab")'), 'AB');
    assert.equal(ev('trim("  x  ")'), 'x');
    assert.equal(ev('ltrim("  x  ")'), 'x  ');
    assert.equal(ev('rtrim("  x  ")'), '  x');
    assert.equal(ev('left("abcdef", 2)'), 'ab');
    assert.equal(ev('right("abcdef", 2)'), 'ef');
    assert.equal(ev('replacestr("a.b.c", ".", "-")'), 'a-b-c');
  });
  test('null in → null out for string functions; concat treats null as empty', () => {
    for (const f of ['upper(x)', 'lower(x)', 'trim(x)', 'substr(x, 0, 1)', 'lpad(x, 3, "0")', 'replacestr(x, "a", "b")', 'explode(x)', 'split(x, ",")', 'left(x, 1)']) {
      assert.equal(ev(f, { x: null }), null, f);
    }
    assert.equal(ev('concat("a", x, "b")', {}), 'ab');
  });
  test('equals / equalsIgnoreCase methods', () => {
    assert.equal(ev('"s".equalsIgnoreCase("S")'), true);
    assert.equal(ev('"s".equals("S")'), false);
    assert.equal(ev('a.equals(b)', { a: 'x', b: 'x' }), true);
    assert.equal(ev('a.equals(b)', { a: '1', b: 1 }), false);
  });
  test('.equals on a missing field is a located transformation error', () => {
    const e = evalError('concat("x", a.equals("y"))');
    assert.equal(e.code, 'dataprep.null-target');
    assert.equal(e.start, 12);
  });
});

describe('regex (§5.2 Regex) and regex safety', () => {
  test('extract_regex returns the full match then the groups', () => {
    assert.deepEqual(ev('extract_regex("E259,E259B_009,1_1", "([^,]+),[^,]*,([^,]+)")'), ['E259,E259B_009,1_1', 'E259', '1_1']);
    assert.equal(ev('extract_regex("abc", "\\d+")'), null);
  });
  test('matches_regex is a whole-string match', () => {
    assert.equal(ev('matches_regex("E259,E259B_009,1_1", "([^,]+),[^,]*,([^,]+)")'), true);
    assert.equal(ev('matches_regex("abc123", "\\d+")'), false);
    assert.equal(ev('matches_regex("ABC", "(?i)abc")'), true);
  });
  test('catastrophic nested quantifiers are rejected statically with a clear error', () => {
    for (const re of ['(a+)+$', '(a*)*b', '(x{2,})+', '((ab)+c*)*', '(a|aa)+', '(x|)*', '(?:\\\\d|\\\\d\\\\d)*$']) {
      const e = errs(`matches_regex(s, "${re}")`);
      assert.equal(e[0]?.code, 'dataprep.unsafe-regex', re);
      assert.match(e[0].message, /nested quantifiers/);
    }
  });
  test('ordinary patterns are not refused', () => {
    for (const re of ['[a-z]+@[a-z]+\\\\.com', '(a|b)*c', '(\\\\d{3})-(\\\\d{4})', '^MOE_[A-Z_]+$', '(https?|ftp)://.*']) {
      assert.deepEqual(errs(`matches_regex(s, "${re}")`), [], re);
    }
  });
  test('a dynamic unsafe regex fails at run time, the editor does not freeze', () => {
    assert.equal(evalError('matches_regex(s, r)', { s: 'a'.repeat(40) + '!', r: '(a+)+$' }).code, 'dataprep.unsafe-regex');
  });
  test('inputs above 64 KB are refused for regex functions', () => {
    assert.equal(evalError('matches_regex(s, "a+")', { s: 'a'.repeat(70000) }).code, 'dataprep.regex-input-too-large');
  });
  test('invalid regex is a static error at the pattern', () => {
    const e = errs('explode(s, "(")')[0];
    assert.equal(e.code, 'dataprep.invalid-regex');
    assert.equal(e.start, 11);
  });
});

describe('hashing (§5.2 Hashing) with charsets', () => {
  const hex = (algo: string, buf: Buffer): string => createHash(algo).update(buf).digest('hex');
  test('sha256/sha1/sha512/md5 default to UTF-8', () => {
    assert.equal(ev('sha256("héllo")'), hex('sha256', Buffer.from('héllo', 'utf8')));
    assert.equal(ev('sha1("x")'), hex('sha1', Buffer.from('x')));
    assert.equal(ev('sha512("x")'), hex('sha512', Buffer.from('x')));
    assert.equal(ev('md5("x")'), hex('md5', Buffer.from('x')));
  });
  test('ISO-8859-1 and US-ASCII change the bytes hashed', () => {
    assert.equal(ev('md5("é", "ISO-8859-1")'), hex('md5', Buffer.from([0xe9])));
    assert.equal(ev('md5("é", "US-ASCII")'), hex('md5', Buffer.from('?')));
  });
  test('UTF-16 is big-endian with a byte-order mark, as Java encodes it', () => {
    assert.equal(ev('md5("A", "UTF-16")'), hex('md5', Buffer.from([0xfe, 0xff, 0x00, 0x41])));
  });
  test('crc32 is the standard CRC-32 in hex', () => {
    assert.equal(ev('crc32("The quick brown fox jumps over the lazy dog")'), '414fa339');
  });
  test('unknown charset is a transformation error', () => {
    assert.equal(evalError('sha1("x", "EBCDIC")').code, 'dataprep.bad-charset');
  });
  test('null input → null', () => assert.equal(ev('sha256(x)'), null));
});

describe('URL (§5.2 URL)', () => {
  test('protocol, host, port, path', () => {
    assert.equal(ev('get_url_protocol("https://platform.adobe.com/home")'), 'https');
    assert.equal(ev('get_url_host("https://platform.adobe.com/home")'), 'platform.adobe.com');
    assert.equal(ev('get_url_port("https://a.com:8443/x")'), 8443);
    assert.equal(ev('get_url_port("sftp://example.com/x")'), 22);
    assert.equal(ev('get_url_path("https://a.com/p/q?x=1#f")'), '/p/q');
    assert.equal(ev('get_url_path("https://a.com/p/q?x=1#f", true)'), '/p/q?x=1#f');
  });
  test('invalid URLs return null', () => {
    for (const f of ['get_url_protocol', 'get_url_host', 'get_url_port', 'get_url_path']) assert.equal(ev(`${f}("not a url")`), null, f);
  });
  test('get_url_query_str: retain / remove / append (_anchor_)', () => {
    const u = '"foo://example.com:8042/over/there?name=ferret#nose"';
    assert.deepEqual(ev(`get_url_query_str(${u}, "retain")`), { name: 'ferret#nose' });
    assert.deepEqual(ev(`get_url_query_str(${u}, "remove")`), { name: 'ferret' });
    assert.deepEqual(ev(`get_url_query_str(${u}, "append")`), { name: 'ferret', _anchor_: 'nose' });
    assert.equal(evalError(`get_url_query_str(${u}, "keep")`).code, 'dataprep.eval-error');
  });
  test('encode / decode round trip like Java URLEncoder', () => {
    assert.equal(ev('get_url_encoded("a b/ü")'), 'a+b%2F%C3%BC');
    assert.equal(ev('get_url_decoded("a+b%2F%C3%BC")'), 'a b/ü');
  });
});
