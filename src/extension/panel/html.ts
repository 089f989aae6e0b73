import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** 128 bits from the OS CSPRNG — never time- or Math.random-based (vscode-extension-practice.md §5 "Webviews and CSP"). */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

export const WEBVIEW_DIR = ['dist', 'webview'] as const;

/**
 * The panel page: one nonce'd script and one stylesheet from dist/webview, nothing inline. Lit
 * components adopt constructable stylesheets, which this CSP allows with no inline-style exception.
 */
export function renderPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce = makeNonce()): string {
  const base = vscode.Uri.joinPath(extensionUri, ...WEBVIEW_DIR);
  const script = webview.asWebviewUri(vscode.Uri.joinPath(base, 'main.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(base, 'main.css'));
  const src = webview.cspSource;
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${src}`,
    `font-src ${src}`,
    `img-src ${src} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Integration Details</title>
</head>
<body>
<main id="app" aria-busy="true"><p id="loading">Loading the integration details…</p></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
