import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { exchangeRecordOf, messageRecordOf } from '../../../src/core/results/fromClient';
import { pendingForResume, buildRuns } from '../../../src/core/results/model';

const ev = { key: 'u1', eventCode: 'MOE_EMAIL_SENT', eventId: 'u1' };

describe('client outcomes in the journal', () => {
  it('a retryable failure (5xx/429/network after retries) is unanswered, so resume sends it again', () => {
    const rec = messageRecordOf('r', { index: 0, status: 'failed', httpStatus: 503, retryable: true, attempts: 5, message: 'busy' }, ev)!;
    assert.equal(rec.status, 'error');
    const [run] = buildRuns([{ type: 'run-start', runId: 'r', at: 't', endpoint: 'e', mode: 'batch', file: 'f', total: 1, eventKeys: ['u1'] }, rec]);
    assert.deepEqual(pendingForResume(run).map((p) => p.eventKey), ['u1']);
  });

  it('a final 400 is a rejection carrying AEP pointers (§1.3)', () => {
    const rec = messageRecordOf('r', { index: 2, status: 'failed', httpStatus: 400, retryable: false, attempts: 1, errors: [{ message: 'bad', pointerToViolation: '#/_id', keyword: 'type' }] }, ev)!;
    assert.equal(rec.status, 'rejected');
    assert.deepEqual(rec.errors, [{ message: 'bad', pointer: '#/_id', keyword: 'type' }]);
  });

  it('keeps the client message as the reason when AEP gave no structured errors', () => {
    const rec = messageRecordOf('r', { index: 0, status: 'failed', httpStatus: 413, retryable: false, attempts: 1, message: 'message is 2,000,000 bytes' }, ev)!;
    assert.match(rec.errors[0].message, /2,000,000 bytes/);
  });

  it('writes nothing for an event cancelled before AEP answered (it stays pending)', () => {
    assert.equal(messageRecordOf('r', { index: 0, status: 'pending', attempts: 0, retryable: true }, ev), undefined);
  });

  it('maps a network error exchange to a record without a response', () => {
    const x = exchangeRecordOf('r', { id: 'x', method: 'POST', url: 'u', requestHeaders: {}, responseHeaders: {}, durationMs: 3, attempt: 2, error: 'ECONNRESET', kind: 'single', startedAt: 't' });
    assert.equal(x.response, undefined);
    assert.equal(x.error, 'ECONNRESET');
    assert.equal(x.runId, 'r');
  });
});
