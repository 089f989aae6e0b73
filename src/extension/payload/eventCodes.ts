import * as vscode from 'vscode';
import { EVENT_CODES, aliasesOf, lookupEventCode, type EventCodeInfo } from '../../core/moengage/eventCodes';

/** The `"event_code": "…"` value under the cursor, found on the current line (pretty JSON and NDJSON keep it on one line). */
function eventCodeValueAt(doc: vscode.TextDocument, pos: vscode.Position): { range: vscode.Range; value: string } | undefined {
  const line = doc.lineAt(pos.line).text;
  if (line.length > 100_000) return undefined; // a minified multi-megabyte line: not worth scanning per keystroke
  const re = /"event_code"\s*:\s*"((?:[^"\\]|\\.)*)("?)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const start = m.index + m[0].length - m[1].length - m[2].length;
    const end = start + m[1].length;
    if (pos.character >= start && pos.character <= end) return { range: new vscode.Range(pos.line, start, pos.line, end), value: m[1] };
  }
  return undefined;
}

const BASIS: Record<EventCodeInfo['xdmBasis'], string> = {
  documented: 'documented by MoEngage',
  'adobe-definition': "proposed, from Adobe's eventType definition",
  inference: 'proposed (design choice)',
  custom: 'no standard value: keep event_code or use a custom value',
};

export function describeCode(info: EventCodeInfo): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${info.name}** — \`${info.code}\`\n\n`);
  md.appendMarkdown(`Channel: ${info.channel}${info.campaign ? ' · campaign event' : ''}\n\n${info.description}\n\n`);
  md.appendMarkdown(`XDM eventType: ${info.xdmEventType ? `\`${info.xdmEventType}\`` : '—'} (${BASIS[info.xdmBasis]})\n\n`);
  const aliases = aliasesOf(info.code);
  if (aliases.length) md.appendMarkdown(`Also spelled: ${aliases.map((a) => `\`${a.code}\``).join(', ')}\n\n`);
  md.appendMarkdown(`Source: ${info.reference}`);
  return md;
}

export class EventCodeCompletion implements vscode.CompletionItemProvider {
  provideCompletionItems(doc: vscode.TextDocument, pos: vscode.Position): vscode.CompletionItem[] | undefined {
    const at = eventCodeValueAt(doc, pos);
    if (!at) return undefined;
    return EVENT_CODES.map((info, i) => {
      const item = new vscode.CompletionItem({ label: info.code, description: info.channel, detail: ` ${info.name}` }, vscode.CompletionItemKind.EnumMember);
      item.range = at.range;
      item.insertText = info.code;
      item.filterText = info.code;
      item.sortText = String(i).padStart(4, '0');
      item.detail = `${info.name} (${info.channel})`;
      item.documentation = describeCode(info);
      return item;
    });
  }
}

export class EventCodeHover implements vscode.HoverProvider {
  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const at = eventCodeValueAt(doc, pos);
    if (!at) return undefined;
    const info = lookupEventCode(at.value);
    if (!info) return new vscode.Hover(new vscode.MarkdownString(`\`${at.value}\` is not a MoEngage system event code (a custom event, or a typo — see the warning).`), at.range);
    return new vscode.Hover(describeCode(info), at.range);
  }
}
