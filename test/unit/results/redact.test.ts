import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { displayEndpoint, redactBody, redactExchange, REDACTED } from '../../../src/core/results/redact';

describe('redaction at the journal boundary', () => {
  it('hides the IMS form secret and the token response (aep-streaming-and-dataprep.md §4) but keeps the rest', () => {
    const form = redactBody('client_id=abc&client_secret=s3cr3t-value&grant_type=client_credentials&scope=openid', []);
    assert.match(form!, /client_id=abc/);
    assert.match(form!, new RegExp(`client_secret=${REDACTED.replace(/[[\]]/g, '\\$&')}`));
    const json = JSON.parse(redactBody('{"access_token":"eyJhbGciOi.x.y","token_type":"bearer","expires_in":86399}', [])!);
    assert.deepEqual(json, { access_token: REDACTED, token_type: 'bearer', expires_in: 86399 });
  });

  it('keeps a payload body byte for byte when it holds nothing secret', () => {
    const body = '{ "event_uuid" : "u1",\n  "time": 1731421200 }';
    assert.equal(redactBody(body, []), body);
  });

  it('redacts bearer headers, URL credentials and any known secret value wherever it appears', () => {
    const x = redactExchange(
      {
        type: 'exchange',
        id: 'x',
        runId: 'r',
        request: { method: 'POST', url: 'https://user:pw@dcs.adobedc.net/collection/abc?client_secret=zzz', headers: { Authorization: 'Bearer tok-123456789' }, body: 'echo tok-123456789' },
        response: { status: 401, headers: {}, body: '{"report":{"message":"bad token tok-123456789"}}' },
        error: 'socket closed while sending tok-123456789',
      },
      ['tok-123456789'],
    );
    const text = JSON.stringify(x);
    assert.ok(!text.includes('tok-123456789'));
    assert.ok(!text.includes('pw@'));
    assert.ok(!text.includes('zzz'));
    assert.equal(x.request.headers.Authorization, `Bearer ${REDACTED}`);
  });

  it('shows endpoints without query or credentials', () => {
    assert.equal(displayEndpoint('https://u:p@dcs.adobedc.net/collection/abc?x-adobe-flow-id=1'), 'https://dcs.adobedc.net/collection/abc');
  });
});
