import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('local AEP emulator from VS Code', () => {
  after(async () => {
    await vscode.commands.executeCommand('moeAep.stopEmulator');
  });

  it('starts from the active environment, points it at the emulator and validates a raw MoEngage event with the workspace mapping', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const url = await vscode.commands.executeCommand<string>('moeAep.startEmulator', { port: 0, pointProfile: true });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/collection\/[0-9a-f]{64}$/);

    // The integration file now sends to the emulator (the endpoint is the only field that changed).
    const profile = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'moengage-aep.json'))));
    assert.equal(profile.environments[profile.activeEnvironment].endpoint, url);
    assert.equal(profile.environments[profile.activeEnvironment].datasetId, '690da33230e4cd0adff86e57');

    // The seed's Step 6.1 payload passes sync validation: the emulator runs the example mapping and schema.
    const payload = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'payloads', 'email-sent.moe.json')));
    // Raw inlets take the dataflow ID in x-adobe-flow-id (aep-streaming-and-dataprep.md §2.2).
    const headers = { 'content-type': 'application/json', 'x-adobe-flow-id': profile.environments[profile.activeEnvironment].flowId };
    const ok = await fetch(`${url}?syncValidation=true`, { method: 'POST', headers, body: payload });
    const okBody = (await ok.json()) as { syncValidation?: { status?: string }; xactionId?: string };
    assert.equal(ok.status, 200, JSON.stringify(okBody));
    assert.equal(okBody.syncValidation?.status, 'pass');

    // An event without event_uuid/time maps to XDM without _id and timestamp → AEP's 400 problem body (§1.3).
    const bad = await fetch(`${url}?syncValidation=true`, { method: 'POST', headers, body: JSON.stringify({ app_name: 'x' }) });
    const badBody = (await bad.json()) as { title?: string; report?: { cause?: { _streamingValidation?: unknown[] } } };
    assert.equal(bad.status, 400);
    assert.ok(badBody.report?.cause?._streamingValidation?.length, JSON.stringify(badBody));
  });

  it('stops and frees the port', async () => {
    const url = await vscode.commands.executeCommand<string>('moeAep.startEmulator', { port: 0, pointProfile: false });
    assert.equal(await vscode.commands.executeCommand('moeAep.stopEmulator'), true);
    await assert.rejects(fetch(url, { method: 'POST', body: '{}' }));
  });
});
