import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { buildRuns, failedForResend, locateEvents, parseJournal, pendingForResume } from '../../../src/core/results/model';

describe('runs rebuilt from the journal', () => {
  const lines = [
    { type: 'run-start', runId: 'r', at: 't', endpoint: 'e', mode: 'batch', file: 'f', total: 3, eventKeys: ['a', 'b', '#2'] },
    { type: 'message', runId: 'r', index: 0, eventKey: 'a', status: 'error', errors: [] },
    { type: 'message', runId: 'r', index: 0, eventKey: 'a', status: 'accepted', xactionId: 'x', errors: [] },
    { type: 'message', runId: 'r', index: 1, eventKey: 'b', status: 'rejected', errors: [{ message: 'bad' }] },
    { type: 'future-kind', runId: 'r' },
    { type: 'run-end', runId: 'r', at: 't', counts: {}, cancelled: true },
  ];
  const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

  it('keeps the latest answer per event and counts what never got one as pending', () => {
    const [run] = buildRuns(parseJournal(text).records);
    assert.equal(run.state, 'cancelled');
    assert.deepEqual(run.counts, { accepted: 1, rejected: 1, error: 0, pending: 1 });
    assert.deepEqual(pendingForResume(run).map((e) => e.eventKey), ['#2']);
    assert.deepEqual(failedForResend(run).map((e) => e.eventKey), ['b']);
  });

  it('skips a corrupt middle line with its line number and keeps the rest', () => {
    const broken = text.replace('"index":1', '"index":1,,');
    const parsed = parseJournal(broken);
    assert.equal(parsed.warnings[0].line, 4);
    assert.equal(buildRuns(parsed.records)[0].messages.length, 1);
  });

  it('finds resent events by event_uuid after the file was edited, and reports those that are gone', () => {
    const { found, missing } = locateEvents(
      [
        { index: 1, eventKey: 'b' },
        { index: 2, eventKey: 'c' },
        { index: 0, eventKey: '#0' },
      ],
      ['new', 'a', 'b', '#3'],
    );
    assert.deepEqual(found, [{ index: 2, eventKey: 'b' }]);
    assert.deepEqual(missing.map((m) => m.eventKey), ['c', '#0']);
  });
});
