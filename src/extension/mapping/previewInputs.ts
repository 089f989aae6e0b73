import * as vscode from 'vscode';
import type { TransformText } from '../../core/worker/client';
import type { XdmSchema } from '../../core/xdm';

/**
 * A document's text with a version that changes whenever the text does: the open document's version
 * (unsaved edits count), else the file's mtime and size. The worker keeps texts by this version, so an
 * unchanged mapping or schema is not sent again while the user types in the payload.
 */
const docIds = new WeakMap<vscode.TextDocument, number>();
let docSeq = 0;

export async function readVersioned(uri: vscode.Uri): Promise<{ text: string; version: string }> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    // A document closed and reopened starts again at version 1: its object identity tells them apart.
    let id = docIds.get(open);
    if (id === undefined) docIds.set(open, (id = ++docSeq));
    return { text: open.getText(), version: `doc:${id}:${open.version}` };
  }
  const [stat, bytes] = await Promise.all([vscode.workspace.fs.stat(uri), vscode.workspace.fs.readFile(uri)]);
  return { text: new TextDecoder().decode(bytes), version: `disk:${stat.mtime}:${stat.size}` };
}

const schemaTexts = new WeakMap<XdmSchema, TransformText>();
let schemaSeq = 0;

/**
 * The schema as the worker receives it: the resolved root, so the worker needs no `$ref` files. A new
 * schema object (the workspace reloads it on change) gets a new version; the JSON is built once per object.
 */
export function schemaInput(schema: XdmSchema): TransformText {
  let t = schemaTexts.get(schema);
  if (!t) {
    t = { key: 'xdm-schema', version: String(++schemaSeq), text: JSON.stringify(schema.root) };
    schemaTexts.set(schema, t);
  }
  return t;
}
