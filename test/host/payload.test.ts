import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, until, wsUri } from './helpers';

const EXT_ID = 'moe-aep.moe-aep';

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'moe-aep');
const at = (d: vscode.Diagnostic) => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];

describe('payload files', () => {
  const broken = () => wsUri('payloads/broken/problems.moe.json');

  before(async () => {
    await vscode.extensions.getExtension(EXT_ID)!.activate();
  });

  it('shows moe.* diagnostics with exact ranges on the broken example', async () => {
    const uri = broken();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diags = await until('payload diagnostics', () => {
      const d = ours(uri);
      return d.length >= 4 ? d : undefined;
    });
    const byCode = new Map(diags.map((d) => [codeOf(d), d]));
    assert.deepEqual([...byCode.keys()].sort(), ['moe.duplicate-event-uuid', 'moe.missing-campaign-attributes', 'moe.time-in-ms', 'moe.unknown-event-code']);
    assert.deepEqual(at(byCode.get('moe.time-in-ms')!), [9, 20, 9, 33]);
    assert.equal(byCode.get('moe.time-in-ms')!.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual(at(byCode.get('moe.unknown-event-code')!), [25, 20, 25, 37]);
    assert.equal(byCode.get('moe.unknown-event-code')!.severity, vscode.DiagnosticSeverity.Warning);
    assert.deepEqual(at(byCode.get('moe.duplicate-event-uuid')!), [44, 20, 44, 30]);
    assert.deepEqual(at(byCode.get('moe.missing-campaign-attributes')!), [50, 6, 50, 24]);
  });

  it('clean examples get no moe-aep diagnostics', async () => {
    const uri = wsUri('payloads/email-sent.moe.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(ours(uri).map((d) => `${codeOf(d)} ${d.message}`), []);
  });

  it('completes event_code values with their channel', async () => {
    const uri = broken();
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = doc.lineAt(25).text;
    const pos = new vscode.Position(25, line.indexOf('MOE_EMAIL_SENTT') + 4);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, pos);
    const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'MOE_EMAIL_OPEN');
    assert.ok(item, 'MOE_EMAIL_OPEN offered');
    const label = item.label as vscode.CompletionItemLabel;
    assert.equal(label.description, 'Email');
  });

  it('hovers an event_code with its name, channel and proposed XDM eventType', async () => {
    const uri = broken();
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = doc.lineAt(7).text;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(7, line.indexOf('MOE_EMAIL_SENT') + 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Email Sent/);
    assert.match(text, /Channel: Email/);
    assert.match(text, /directMarketing\.emailSent/);
  });

  it('offers the divide-by-1000 quick fix for a millisecond timestamp, and applying it fixes the value', async () => {
    const uri = broken();
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diag = await until('ms diagnostic', () => ours(uri).find((d) => codeOf(d) === 'moe.time-in-ms'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range);
    const fix = actions.find((a) => /Divide by 1000/.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    assert.equal(fix.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.match(doc.lineAt(9).text, /"event_time": 1731421200,/);
    await until('ms diagnostic gone', () => !ours(uri).some((d) => codeOf(d) === 'moe.time-in-ms'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
