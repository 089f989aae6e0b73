import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { aepDiagnostics } from '../../../src/core/results/aepDiagnostics';
import { batchItemOutcome, validationErrorsFromBody } from '../../../src/core/results/aepErrors';
import { splitPayload } from '../../../src/core/results/payloadEvents';
import type { MessageRecord } from '../../../src/core/results/types';

// aep-streaming-and-dataprep.md §1.3: sync validation failure body.
const syncFailure = {
  type: 'http://ns.adobe.com/adobecloud/problem/data-collection-service/inlet',
  status: 400,
  title: 'Invalid XDM Message Format',
  report: {
    message: 'inletId: [6aca] imsOrgId: [7BF1@AdobeOrg] Message is invalid',
    cause: {
      _streamingValidation: [
        {
          schemaLocation: '#',
          pointerToViolation: '#',
          causingExceptions: [
            { schemaLocation: '#', pointerToViolation: '#', causingExceptions: [], keyword: 'additionalProperties', message: 'extraneous key [workEmail] is not permitted' },
            { schemaLocation: '#/properties/_id', pointerToViolation: '#/_id', causingExceptions: [], keyword: 'type', message: 'expected type: String, found: Long' },
          ],
          message: '3 schema violations found',
        },
      ],
    },
  },
};

function rejected(index: number, errors: MessageRecord['errors']): MessageRecord {
  return { type: 'message', runId: 'r', index, eventKey: `#${index}`, status: 'rejected', httpStatus: 400, errors };
}

describe('AEP answers', () => {
  it('flattens _streamingValidation to the leaf violations with their pointers (§1.3)', () => {
    const errs = validationErrorsFromBody(JSON.stringify(syncFailure));
    assert.deepEqual(
      errs.map((e) => [e.pointer, e.keyword]),
      [
        ['#', 'additionalProperties'],
        ['#/_id', 'type'],
      ],
    );
  });

  it('reads failed-batch-file and gateway error shapes (§1.3)', () => {
    assert.equal(validationErrorsFromBody({ _validationErrors: [{ message: 'bad date', pointerToViolation: '#/timestamp', causingExceptions: [] }] })[0].pointer, '#/timestamp');
    assert.match(validationErrorsFromBody({ error_code: '401013', message: 'Oauth token is not valid' })[0].message, /401013/);
    assert.match(validationErrorsFromBody({ status: '401', report: { message: 'Ims service token is empty' } })[0].message, /token is empty/);
  });

  it('accepts both statusCode (docs) and status (Kafka connector) on failed batch items (§1.2)', () => {
    const docs = batchItemOutcome({ statusCode: 400, message: 'Message has unknown xdm format' });
    const connector = batchItemOutcome({ xactionId: 'abc-0', status: 400, message: "The 'header' field is mandatory." });
    const ok = batchItemOutcome({ xactionId: '1565650704337:2124:92:3' });
    assert.equal(docs.status, 'rejected');
    assert.equal(connector.status, 'rejected');
    assert.equal(connector.httpStatus, 400);
    assert.deepEqual([ok.status, ok.xactionId], ['accepted', '1565650704337:2124:92:3']);
    assert.equal(batchItemOutcome({ statusCode: 503, message: 'busy' }).status, 'error', '5xx items are retryable, not rejected');
  });
});

describe('AEP diagnostics on the payload', () => {
  const shapeB = `{
  "app_name": "App",
  "event_uuid": "u1",
  "time": 1731421200,
  "event_code": "MOE_EMAIL_SENT",
  "identities": { "email": "a@b.c" }
}`;

  it('maps an XDM pointer back through the mapping row source field for raw inlets', () => {
    const { events } = splitPayload(shapeB, 'p.moe.json');
    const sourceOf = (xdm: string) => ({ timestamp: 'time', '_t.eventCode': 'event_code' })[xdm];
    const diags = aepDiagnostics(shapeB, events, [rejected(0, [{ message: 'not a valid date-time', pointer: '#/timestamp', keyword: 'format' }])], {
      rawInlet: true,
      sourceOf,
    });
    assert.equal(diags.length, 1);
    assert.equal(diags[0].range.start.line, 3, 'lands on the "time" line');
    assert.equal(diags[0].source, 'AEP');
    assert.equal(diags[0].code, 'aep.format');
    assert.match(diags[0].message, /timestamp ← time/);
  });

  it('falls back to the event when the XDM field has no simple source', () => {
    const text = `[\n{"event_uuid":"a"},\n{"event_uuid":"b"}\n]`;
    const { events } = splitPayload(text, 'p.moe.json');
    const diags = aepDiagnostics(text, events, [rejected(1, [{ message: 'expected type: String, found: Long', pointer: '#/_id' }])], {
      rawInlet: true,
      sourceOf: () => "sha256(event_uuid)",
    });
    assert.equal(diags[0].range.start.line, 2, 'the second event');
  });

  it('points into body.xdmEntity for XDM inlets', () => {
    const text = `{"header":{},\n"body":{"xdmMeta":{},\n"xdmEntity":{\n"_id":5}}}`;
    const { events } = splitPayload(text, 'x.moe.json');
    const diags = aepDiagnostics(text, events, [rejected(0, [{ message: 'expected type: String, found: Long', pointer: '#/_id' }])], { rawInlet: false });
    assert.equal(diags[0].range.start.line, 3);
  });

  it('reports nothing for accepted messages', () => {
    const { events } = splitPayload(shapeB, 'p.moe.json');
    assert.deepEqual(aepDiagnostics(shapeB, events, [{ ...rejected(0, []), status: 'accepted' }], { rawInlet: true }), []);
  });
});

describe('payload splitting', () => {
  it('sends each Shape A event with the batch envelope merged in (moengage-streams.md §1.3, §5.2)', () => {
    const text = JSON.stringify({ app_name: 'A', source: 'MOENGAGE', moe_request_id: 'r', events: [{ event_uuid: 'e1', event_code: 'X' }, { event_uuid: 'e2' }] }, null, 2);
    const s = splitPayload(text, 'b.moe.json');
    assert.equal(s.shape, 'batch');
    assert.deepEqual(s.events.map((e) => e.key), ['e1', 'e2']);
    assert.deepEqual(s.events[0].message, { app_name: 'A', source: 'MOENGAGE', moe_request_id: 'r', event_uuid: 'e1', event_code: 'X' });
    assert.equal(text.slice(s.events[1].start, s.events[1].end).includes('e2'), true);
  });

  it('splits NDJSON by line and reports a broken line with its location', () => {
    const s = splitPayload('{"event_uuid":"a"}\n\n{"x":1}\n', 'e.moe.ndjson');
    assert.deepEqual(s.events.map((e) => e.key), ['a', '#1']);
    assert.throws(() => splitPayload('{"a":1}\n{"b":\n', 'e.moe.ndjson'), (e: any) => e.name === 'InputError' && e.range.start.line === 1);
  });

  it('refuses invalid JSON with a located InputError instead of sending it', () => {
    assert.throws(() => splitPayload('{\n  "a": 1,,\n}', 'p.moe.json'), (e: any) => e.name === 'InputError' && e.range.start.line === 1);
  });
});

describe('AEP pointers into arrays', () => {
  it('finds mapping rows written with [n] for pointers with /n/ segments', () => {
    const text = '{\n "event_uuid": "u",\n "identities": { "email": 5 }\n}';
    const { events } = splitPayload(text, 'p.moe.json');
    const diags = aepDiagnostics(text, events, [{ type: 'message', runId: 'r', index: 0, eventKey: 'u', status: 'rejected', errors: [{ message: 'expected type: String, found: Long', pointer: '#/identityMap/Email/0/id' }] }], {
      rawInlet: true,
      sourceOf: (p) => ({ 'identityMap.Email[0].id': 'identities.email' })[p],
    });
    assert.equal(diags[0].range.start.line, 2);
  });
});
