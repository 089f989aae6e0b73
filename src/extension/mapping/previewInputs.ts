import { createHash } from 'node:crypto';
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

/**
 * The schema as the worker receives it: the resolved root, so the worker needs no `$ref` files. The
 * version is a hash of that text: the workspace reloads the schema whenever the integration file changes,
 * and an unchanged schema must not look new (the worker would recompile it, a running preview restart).
 */
export function schemaInput(schema: XdmSchema): TransformText {
  let t = schemaTexts.get(schema);
  if (!t) {
    const text = JSON.stringify(schema.root);
    t = { key: 'xdm-schema', version: createHash('sha1').update(text).digest('hex'), text };
    schemaTexts.set(schema, t);
  }
  return t;
}
