import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { startEmulator } from '../../src/emulator';
import type { EmulatorHandle } from '../../src/emulator/types';
import type { ValidationCause } from '../../src/core/aep/types';
import { scanForSecrets, withTraceLogging } from './secretScan';

const EXT_ID = 'moe-aep.moe-aep';
const FLOW_ID = '7d1d1a20-1f3b-4a2c-9a55-0d8b7c6e5f41';
const SECRET = 'p8e-HostTestClientSecret-0123456789';
const TOKEN = 'emu-host-test-bearer-token-abcdef0123456789';

interface TreeItemSnap {
  label: string;
  description?: string;
  contextValue?: string;
  children: TreeItemSnap[];
}
interface Snapshot {
  journalFile: string;
  tree: TreeItemSnap[];
  runs: { start: { runId: string; file: string; total: number }; state: string; counts: Record<string, number> }[];
  log: string[];
}
interface SendResult {
  runId: string;
  counts: { accepted: number; rejected: number; error: number; pending: number };
  cancelled: boolean;
  total: number;
}

// A stand-in for AEP's schema check on the mapped record: the tenant eventCode must be a known code.
// The pointer names the XDM field, as DCS does (aep-streaming-and-dataprep.md §1.3).
function validateRaw(record: unknown): ValidationCause[] {
  const code = (record as Record<string, unknown>)?.event_code;
  if (typeof code === 'string' && /TT$/.test(code)) {
    return [{ message: `${code} is not a valid enum value`, keyword: 'enum', pointerToViolation: '#/_acmemoe/eventCode', schemaLocation: '#/properties/_acmemoe/properties/eventCode' }];
  }
  return [];
}

function root(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder');
  return f.uri;
}

async function writeProfile(env: Record<string, unknown>): Promise<void> {
  const uri = vscode.Uri.joinPath(root(), 'moengage-aep.json');
  const file = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  file.environments.hosttest = env;
  file.activeEnvironment = 'hosttest';
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(file, null, 2)));
}

async function snapshot(): Promise<Snapshot> {
  return (await vscode.commands.executeCommand('moeAep.results.__testSnapshot')) as Snapshot;
}

function runNode(s: Snapshot, runId: string): TreeItemSnap {
  const i = s.runs.length - 1 - s.runs.findIndex((r) => r.start.runId === runId);
  const node = s.tree[i];
  assert.ok(node, `run ${runId} is not in the tree`);
  return node;
}

describe('Send to AEP (emulator)', function () {
  this.timeout(60_000);
  let emu: EmulatorHandle;

  before(async () => {
    await vscode.extensions.getExtension(EXT_ID)!.activate();
    emu = await startEmulator({ port: 0, kind: 'raw', validate: validateRaw });
    await writeProfile({ endpoint: emu.url, inletKind: 'raw', flowId: FLOW_ID, mappingFile: 'mapping/moengage-default.mapping.csv', authMethod: 'none' });
  });

  after(async () => {
    await emu?.close();
  });

  it('batch-sends a payload: the emulator dataset holds the event and the tree shows an accepted run', async () => {
    const uri = vscode.Uri.joinPath(root(), 'payloads', 'email-sent.moe.json');
    const eventUuid = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))).event_uuid;
    const res = (await vscode.commands.executeCommand('moeAep.send', { mode: 'batch', uri })) as SendResult;
    assert.ok(res, 'the command returned no result');
    assert.equal(res.counts.accepted, 1);
    assert.ok(
      emu.dataset().some((r) => (r as Record<string, unknown>).event_uuid === eventUuid),
      'the emulator dataset does not hold the sent event',
    );
    const s = await snapshot();
    const run = runNode(s, res.runId);
    assert.match(run.contextValue ?? '', /^run/);
    assert.doesNotMatch(run.contextValue ?? '', /hasFailed|interrupted/);
    assert.equal(run.children.length, 1);
    assert.match(run.children[0].contextValue ?? '', /^message.*accepted.*hasXaction/);
    assert.match(run.children[0].label, new RegExp(eventUuid));
  });

  it('a broken payload gives a failed message in the tree and an AEP diagnostic on the offending line', async () => {
    const uri = vscode.Uri.joinPath(root(), 'payloads', 'broken', 'problems.moe.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    const res = (await vscode.commands.executeCommand('moeAep.send', { mode: 'sync', uri })) as SendResult;
    assert.ok(res.counts.rejected >= 1, `expected a rejected event, got ${JSON.stringify(res.counts)}`);

    const s = await snapshot();
    const run = runNode(s, res.runId);
    assert.match(run.contextValue ?? '', /hasFailed/);
    const failed = run.children.find((c) => /^message.*failed/.test(c.contextValue ?? ''));
    assert.ok(failed, 'no failed message in the tree');
    assert.ok(failed.children.some((e) => /not a valid enum value/.test(e.label)), 'the validation error is not shown under the message');

    const diags = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'AEP');
    assert.ok(diags.length >= 1, 'no AEP diagnostic on the payload');
    // The XDM pointer #/_acmemoe/eventCode maps back through the mapping row event_code → _acmemoe.eventCode.
    const badLine = doc.getText().split(/\r?\n/).findIndex((l) => /"event_code":\s*"[A-Z_]+TT"/.test(l));
    assert.ok(badLine >= 0);
    assert.ok(
      diags.some((d) => d.range.start.line === badLine),
      `diagnostics on lines ${diags.map((d) => d.range.start.line).join(',')}, expected ${badLine}`,
    );

    // Editing the file clears them: they describe what was sent, not the new text.
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), ' '));
    assert.equal(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'AEP').length, 0);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('shows "Send to AEP" and "Send with sync validation" CodeLenses above each event, gated by moeAep.codeLens.enabled', async () => {
    const uri = vscode.Uri.joinPath(root(), 'payloads', 'streams-batch.moe.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    const events = JSON.parse(doc.getText()).events.length;
    const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri)) as vscode.CodeLens[];
    const ours = lenses.filter((l) => l.command?.command === 'moeAep.sendEvent');
    assert.equal(ours.length, events * 2);
    assert.deepEqual([...new Set(ours.map((l) => l.command!.title))].sort(), ['Send to AEP', 'Send with sync validation']);
    const nd = vscode.Uri.joinPath(root(), 'payloads', 'events.moe.ndjson');
    const lines = (await vscode.workspace.openTextDocument(nd)).getText().split('\n').filter((l) => l.trim()).length;
    const ndLenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', nd)) as vscode.CodeLens[];
    assert.equal(ndLenses.filter((l) => l.command?.command === 'moeAep.sendEvent').length, lines * 2, 'one pair per NDJSON line');
    const cfg = vscode.workspace.getConfiguration('moeAep');
    await cfg.update('codeLens.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      const off = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri)) as vscode.CodeLens[];
      assert.equal(off.filter((l) => l.command?.command === 'moeAep.sendEvent').length, 0);
    } finally {
      await cfg.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('opens the exact redacted request and response of a message as a read-only JSON document', async () => {
    const s = await snapshot();
    const last = s.runs[s.runs.length - 1];
    const before = vscode.workspace.textDocuments.length;
    await vscode.commands.executeCommand('moeAep.results.openMessage', {
      kind: 'message',
      run: last,
      message: (last as unknown as { messages: unknown[] }).messages[0],
    });
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'moe-aep-exchange');
    assert.ok(doc, `no exchange document opened (${before} documents before)`);
    const shown = JSON.parse(doc.getText());
    assert.equal(shown.request.method, 'POST');
    assert.match(shown.request.url, /syncValidation=true/);
    assert.ok(shown.response.status >= 200);

    // A batch exchange carries every message; the document also singles out this event's item.
    const batchRun = s.runs.find((r) => r.start.file.endsWith('email-sent.moe.json'))! as unknown as { start: { runId: string }; messages: { xactionId?: string }[] };
    await vscode.commands.executeCommand('moeAep.results.openMessage', { kind: 'message', run: batchRun, message: batchRun.messages[0] });
    const bdoc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'moe-aep-exchange' && d.uri.path.includes(encodeURIComponent(batchRun.start.runId)));
    assert.ok(bdoc, 'no document for the batch message');
    const b = JSON.parse(bdoc.getText());
    assert.match(b.request.url, /\/collection\/batch\//);
    assert.equal(b.batchItem.answer.xactionId, batchRun.messages[0].xactionId);
  });

  it('reveals the event of a message in the payload and copies its xactionId', async () => {
    const s = await snapshot();
    const run = s.runs.find((r) => r.start.file.endsWith('problems.moe.json'))! as unknown as { messages: { index: number; eventKey: string; xactionId?: string }[] };
    const msg = run.messages.find((m) => m.eventKey === 'dup-0002')!;
    await vscode.commands.executeCommand('moeAep.results.revealInPayload', { kind: 'message', run, message: msg });
    const editor = vscode.window.activeTextEditor!;
    assert.match(editor.document.uri.path, /problems\.moe\.json$/);
    const selected = editor.document.getText(editor.selection);
    assert.equal(JSON.parse(selected).event_uuid, 'dup-0002', 'the selection is exactly the event');

    const accepted = run.messages.find((m) => m.xactionId)!;
    await vscode.commands.executeCommand('moeAep.results.copyXactionId', { kind: 'message', run, message: accepted });
    assert.equal(await vscode.env.clipboard.readText(), accepted.xactionId);
  });

  it('marks a payload that passed sync validation as the verified test payload', async () => {
    const uri = vscode.Uri.joinPath(root(), 'payloads', 'push-clicked.moe.json');
    const res = (await vscode.commands.executeCommand('moeAep.send', { mode: 'sync', uri })) as SendResult;
    assert.equal(res.counts.accepted, 1);
    const s = await snapshot();
    const run = s.runs.find((r) => r.start.runId === res.runId)! as unknown as { messages: unknown[] };
    await vscode.commands.executeCommand('moeAep.results.markVerified', { kind: 'message', run, message: run.messages[0] });
    const profile = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root(), 'moengage-aep.json'))));
    const file = profile.environments.hosttest.verifiedPayloadFile as string;
    assert.ok(file, 'moengage-aep.json does not name the verified payload');
    const saved = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root(), file))));
    const sent = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    assert.equal(saved.event_uuid, sent.event_uuid);
  });

  it('never writes the client secret or the bearer token to the journal, the log at TRACE, extension state or settings (OAuth inlet)', async () => {
    const secure = await startEmulator({ port: 0, kind: 'raw', auth: true, clientSecret: SECRET, tokenFactory: () => TOKEN });
    process.env.MOE_AEP_CLIENT_SECRET = SECRET;
    try {
      await withTraceLogging(async () => {
        await writeProfile({
          endpoint: secure.url,
          inletKind: 'raw',
          flowId: FLOW_ID,
          authMethod: 'oauth',
          clientId: secure.clientId,
          scopes: ['openid', 'AdobeID'],
          tokenEndpoint: secure.tokenEndpoint,
          imsOrgId: secure.imsOrgId,
      });
      const uri = vscode.Uri.joinPath(root(), 'payloads', 'email-sent.moe.json');
      const res = (await vscode.commands.executeCommand('moeAep.send', { mode: 'sync', uri })) as SendResult;
      assert.equal(res.counts.accepted, 1, 'the authenticated send did not succeed, so the test would prove nothing');
      const s = await snapshot();
      const journal = fs.readFileSync(s.journalFile, 'utf8');
      assert.ok(journal.includes(res.runId), 'the journal does not hold the run');
      for (const secret of [SECRET, TOKEN]) {
        assert.ok(!journal.includes(secret), 'a secret reached the results journal');
        assert.ok(!s.log.some((l) => l.includes(secret)), 'a secret reached the log');
        assert.ok(!JSON.stringify(s.runs).includes(secret), 'a secret reached the tree data');
      }
      assert.ok(s.log.some((l) => /ims\/token\/v3/.test(l)), 'the token exchange was not logged at all');
      // Issue 6 item 4: everything the extension persisted or logged (at TRACE) during the authenticated send.
      const scan = await scanForSecrets([SECRET, TOKEN], { treeData: JSON.stringify(s) });
      assert.deepEqual(scan.hits, [], 'a secret was persisted or logged');
      assert.ok(scan.logLines > 1 && scan.scanned > 5, `the scan looked at too little (${scan.scanned} places, ${scan.logLines} log lines)`);
      });
    } finally {
      delete process.env.MOE_AEP_CLIENT_SECRET;
      await secure.close();
      await writeProfile({ endpoint: emu.url, inletKind: 'raw', flowId: FLOW_ID, mappingFile: 'mapping/moengage-default.mapping.csv', authMethod: 'none' });
    }
  });

  it('resume sends only the events AEP did not acknowledge (connection cut on every attempt)', async () => {
    const uri = vscode.Uri.joinPath(root(), 'payloads', 'streams-batch.moe.json');
    // Every attempt of the first run's request is cut off, so no event is acknowledged (5 = moeAep.send.maxAttempts).
    const attempts = vscode.workspace.getConfiguration('moeAep').get<number>('send.maxAttempts', 5);
    emu.injectFaults(Array.from({ length: attempts }, () => ({ reset: true })));
    const first = (await vscode.commands.executeCommand('moeAep.send', { mode: 'batch', uri })) as SendResult;
    assert.ok(first.counts.error + first.counts.pending >= 1, `expected unanswered events, got ${JSON.stringify(first.counts)}`);
    const s = await snapshot();
    const run = s.runs.find((r) => r.start.runId === first.runId)!;
    const stored = emu.dataset().length;
    const again = (await vscode.commands.executeCommand('moeAep.results.resume', { kind: 'run', run })) as SendResult;
    assert.ok(again, 'resume returned nothing');
    const unanswered = first.counts.error + first.counts.pending;
    assert.equal(again.total, unanswered, 'resume sends exactly the unacknowledged events');
    assert.equal(again.counts.accepted, unanswered);
    assert.equal(emu.dataset().length - stored, unanswered);
  });

  it('cancelling stops at the socket: nothing unanswered is counted as sent, and resume sends it later', async () => {
    const uri = vscode.Uri.joinPath(root(), 'payloads', 'streams-batch.moe.json');
    // The emulator sits on the first request long enough for the cancel to arrive mid-flight.
    emu.injectFaults([{ delayMs: 20_000 }]);
    const stored = emu.dataset().length;
    const requests = emu.stats().requests;
    const sending = vscode.commands.executeCommand('moeAep.send', { mode: 'batch', uri }) as Thenable<SendResult>;
    // Cancel only once the request is at the emulator, i.e. in flight on the socket.
    for (let i = 0; i < 200 && emu.stats().requests === requests; i++) await new Promise((r) => setTimeout(r, 50));
    const cancelledRuns = (await vscode.commands.executeCommand('moeAep.send.__testCancel')) as number;
    assert.equal(cancelledRuns, 1, 'the run never started');
    const res = await sending;
    assert.equal(res.cancelled, true);
    assert.equal(res.counts.accepted, 0);
    assert.equal(res.counts.pending + res.counts.error, res.total, 'every event stays unacknowledged');
    const s = await snapshot();
    const node = runNode(s, res.runId);
    assert.match(node.description ?? '', /cancelled/);
    const run = s.runs.find((r) => r.start.runId === res.runId)!;
    const again = (await vscode.commands.executeCommand('moeAep.results.resume', { kind: 'run', run })) as SendResult;
    assert.equal(again.counts.accepted, res.total);
    assert.ok(emu.dataset().length >= stored + res.total);
  });

  it('shows a run cut short by a crash as interrupted (torn last line ignored) and resumes only the unacknowledged events', async () => {
    const uri = vscode.Uri.joinPath(root(), 'payloads', 'streams-batch.moe.json');
    const events = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))).events as { event_uuid: string; event_code: string }[];
    const s0 = await snapshot();
    const runId = 'crashed-run-0001';
    const lines = [
      { type: 'run-start', runId, at: new Date().toISOString(), endpoint: emu.url, mode: 'batch', file: 'payloads/streams-batch.moe.json', total: events.length, eventKeys: events.map((e) => e.event_uuid), environment: 'hosttest' },
      { type: 'message', runId, index: 0, eventKey: events[0].event_uuid, status: 'accepted', xactionId: '1:2:3', errors: [] },
    ];
    fs.appendFileSync(s0.journalFile, lines.map((l) => JSON.stringify(l)).join('\n') + '\n{"type":"message","runId":"' + runId + '","ind');
    await vscode.commands.executeCommand('moeAep.results.refresh');
    const s = (await vscode.commands.executeCommand('moeAep.results.__testSnapshot')) as Snapshot & { warnings: { message: string }[] };
    const run = s.runs.find((r) => r.start.runId === runId)!;
    assert.equal(run.state, 'interrupted');
    const node = runNode(s, runId);
    assert.match(node.contextValue ?? '', /run.*interrupted/);
    assert.match(node.description ?? '', /interrupted/);
    assert.ok(s.warnings.some((w) => /torn/.test(w.message)), 'the torn line was not reported');

    const stored = emu.dataset().length;
    const res = (await vscode.commands.executeCommand('moeAep.results.resume', { kind: 'run', run })) as SendResult;
    assert.equal(res.total, events.length - 1, 'the acknowledged event is not sent again');
    assert.equal(res.counts.accepted, events.length - 1);
    const sentUuids = emu.dataset().slice(stored).map((r) => (r as Record<string, unknown>).event_uuid);
    assert.ok(!sentUuids.includes(events[0].event_uuid));
  });

  it('clear forgets the history', async () => {
    await vscode.commands.executeCommand('moeAep.results.clear', { confirm: false });
    const s = await snapshot();
    assert.equal(s.tree.length, 0);
  });
});
