import * as vscode from 'vscode';

export const DEFAULT_PAYLOAD_PATTERNS = ['**/*.moe.json', '**/*.moengage.json', '**/*.moe.ndjson', '**/*.moengage.ndjson'];

/** The payload globs: the defaults plus `moeAep.payloadFilePatterns`. */
export function payloadPatterns(): string[] {
  const extra = vscode.workspace.getConfiguration('moeAep').get<string[]>('payloadFilePatterns', []) ?? [];
  return [...DEFAULT_PAYLOAD_PATTERNS, ...extra.filter((p) => typeof p === 'string' && p.trim() !== '')];
}

export function payloadSelector(): vscode.DocumentFilter[] {
  return payloadPatterns().flatMap((pattern) => [
    { scheme: 'file', pattern },
    { scheme: 'untitled', pattern },
    { scheme: 'vscode-remote', pattern },
  ]);
}

export function isPayloadDocument(doc: vscode.TextDocument): boolean {
  return vscode.languages.match(payloadSelector(), doc) > 0;
}
