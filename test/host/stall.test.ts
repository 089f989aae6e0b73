import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, until, wsUri } from './helpers';

// Issue 6 item 3: a user's mapping runs in the worker under a time budget, so a catastrophic regex cannot
// freeze the extension host. This suite itself runs in the extension host: had the regex run on its main
// thread, nothing below the command would run until the regex ended (hours for this pattern).

const EXT_ID = 'moe-aep.moe-aep';
/** Passes the static check in regexSafety.ts (different first atoms), but both branches match every word
 * character, so each extra character doubles the backtracking: on event_uuid twice (38 characters) it
 * would run for hours (test/unit/worker/helpers.ts SLOW_EXPRESSION). */
const SLOW = 'EXPRESSION,"matches_regex(concat(event_uuid, event_uuid), ""(\\w|[a-z_0-9])+!"")",_acmemoe.eventName,';
const FIXED = 'EXPRESSION,"matches_regex(concat(event_uuid, event_uuid), ""\\w+!"")",_acmemoe.eventName,';

const hoverText = (hs: vscode.Hover[]) => hs.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');

/** The end of our log channel's file, to explain a failure (src/extension/mapping/testStateSnapshot.ts). */
async function logTail(): Promise<string> {
  const { logDir } = await vscode.commands.executeCommand<{ logDir: string }>('moeAep.__testState');
  return fs
    .readdirSync(logDir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => fs.readFileSync(path.join(logDir, f), 'utf8').split('\n').filter((l) => /preview|mapping|payload:|worker/.test(l)).slice(-40).join('\n'))
    .join('\n');
}

async function replaceLine(doc: vscode.TextDocument, line: number, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, doc.lineAt(line).range, text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

describe('stall guard (issue 6 item 3)', function () {
  this.timeout(120_000);
  const mappingUri = wsUri('mapping/moengage-default.mapping.csv');
  const payload = wsUri('payloads/stall-check.moe.json');

  before(async () => {
    await vscode.extensions.getExtension(EXT_ID)!.activate();
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
  });

  after(async () => {
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'info');
    // Leave the shared workspace as we found it.
    const doc = await vscode.workspace.openTextDocument(mappingUri);
    if (doc.isDirty) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(payload).then(undefined, () => undefined);
  });

  it('a catastrophic regex in a mapping does not freeze VS Code: another command answers while it runs, map.transform-timeout names the row, and fixing it recovers the preview', async () => {
    // The pristine example payload under its own name: earlier suites edit email-sent.moe.json in memory.
    const example = vscode.Uri.joinPath(vscode.extensions.getExtension(EXT_ID)!.extensionUri, 'examples', 'payloads', 'email-sent.moe.json');
    await vscode.workspace.fs.writeFile(payload, await vscode.workspace.fs.readFile(example));
    const mapping = await vscode.workspace.openTextDocument(mappingUri);
    const line = mapping.getText().split(/\r?\n/).findIndex((l) => l.startsWith('ATTRIBUTE,event_name,_acmemoe.eventName'));
    assert.ok(line > 0, 'the default mapping has the eventName row');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(payload));

    // "timeout" is when the transform ended: the diagnostic is published the moment the budget ran out.
    const order: string[] = [];
    let diagAt = 0;
    const hasTimeout = () => vscode.languages.getDiagnostics(mappingUri).some((d) => codeOf(d) === 'map.transform-timeout');
    const watch = vscode.languages.onDidChangeDiagnostics(() => {
      if (!diagAt && hasTimeout()) {
        diagAt = Date.now();
        order.push('timeout');
      }
    });
    const t0 = Date.now();
    await replaceLine(mapping, line, SLOW);
    // Opens the preview, or (if an earlier suite left it open) the edit above already refreshes it. Either
    // way the command may resolve before or after the transform, so it is not the ordering witness.
    const previewOpened = vscode.commands.executeCommand<vscode.Uri>('moeAep.previewXdm', payload);
    // Give the worker time to start and get stuck in the regex.
    await new Promise((r) => setTimeout(r, 1_500));
    const h0 = Date.now();
    // A round trip renderer → our hover provider on this extension host → renderer.
    const col = mapping.lineAt(2).text.indexOf('dformat') + 2;
    const hover = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', mappingUri, new vscode.Position(2, col));
    order.push('hover');
    const hoverMs = Date.now() - h0;
    assert.match(hoverText(hover), /dformat/, 'our hover provider answered');
    assert.deepEqual(order, ['hover'], 'the host answered while the transform was still running');
    assert.equal(hasTimeout(), false, 'no timeout was reported yet when the hover came back');

    const previewUri = await previewOpened;
    const preview = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === previewUri.toString())?.getText() ?? '';
    const diag = await until('the timeout diagnostic on the mapping', () => vscode.languages.getDiagnostics(mappingUri).find((d) => codeOf(d) === 'map.transform-timeout')).catch(async (e: Error) => {
      const diags = vscode.languages.getDiagnostics(mappingUri).map((d) => `${codeOf(d)} ${d.message}`);
      const payloadText = vscode.workspace.textDocuments.find((d) => d.uri.toString() === payload.toString())?.getText() ?? '';
      throw new Error(`${e.message}\n--- preview ---\n${preview().slice(0, 1500)}\n--- mapping diagnostics ---\n${diags.join('\n')}\n--- payload time ---\n${/"time".*/.exec(payloadText)?.[0]}\n--- our log ---\n${await logTail()}`);
    });
    diagAt ||= Date.now();
    watch.dispose();
    await until('the preview to say it stopped', () => (/Preview XDM stopped/.test(preview()) ? true : undefined));
    assert.match(preview(), /Preview XDM stopped: mapping row \d+ \(_acmemoe\.eventName\).* was still running after 5 s: it calls matches_regex/);
    assert.match(preview(), /runs again on your next edit/);
    assert.equal(diag.source, 'moe-aep.transform');
    assert.equal(diag.range.start.line, line, 'on the row that was running');
    assert.match(diag.message, new RegExp(`mapping row ${line} \\(_acmemoe\\.eventName\\)`));
    assert.match(diag.message, /matches_regex.*backtrack.*Rewrite the pattern/);
    console.log(`      stall: hover answered in ${hoverMs} ms while the transform ran; timeout diagnostic ${diagAt - t0} ms after Preview XDM started (budget 5000 ms)`);

    // Nothing is lost: fixing the row is the next edit, and the preview recovers.
    const f0 = Date.now();
    await replaceLine(mapping, line, FIXED);
    await until('the preview to recover', () => (preview().includes('"eventName": false') ? true : undefined));
    assert.doesNotMatch(preview(), /stopped/);
    await until('the timeout diagnostic to go', () => (hasTimeout() ? undefined : true));
    console.log(`      stall: preview recovered ${Date.now() - f0} ms after the fix`);
  });
});
