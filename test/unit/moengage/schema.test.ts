import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { example, pretty, root, seedEvent, streamsBatch } from './helpers';

// The same schema file VS Code reads through contributes.jsonValidation for *.moe.json.
const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/moengage-payload.schema.json'), 'utf8'));
const ls = getLanguageService({});
ls.configure({ validate: true, allowComments: false, schemas: [{ uri: 'file:///moengage-payload.schema.json', fileMatch: ['*.moe.json'], schema }] });

async function vscodeProblems(text: string) {
  const doc = TextDocument.create('file:///x.moe.json', 'json', 1, text);
  return ls.doValidation(doc, ls.parseJSONDocument(doc), { schemaValidation: 'error' });
}

test('VS Code JSON service: every JSON example is valid against the payload schema (both shapes)', async () => {
  for (const f of ['email-sent.moe.json', 'push-clicked.moe.json', 'sms-delivered.moe.json', 'inapp-shown.moe.json', 'user-action.moe.json', 'streams-batch.moe.json'])
    assert.deepEqual((await vscodeProblems(example(f))).map((d) => JSON.stringify(d.message)), [], f);
  assert.deepEqual(await vscodeProblems(pretty([seedEvent(), seedEvent()])), [], 'array of flat events');
});

test('VS Code JSON service: a missing required key and a wrong type are flagged in both shapes', async () => {
  const e = seedEvent();
  delete e.event_code;
  assert.ok((await vscodeProblems(pretty(e))).some((d) => /event_code/.test(JSON.stringify(d.message))));
  const b = streamsBatch();
  b.events[0].event_time = '1731421800';
  assert.ok((await vscodeProblems(pretty(b))).some((d) => /integer/i.test(JSON.stringify(d.message))));
});

test('hover text: the schema describes event_code, time and identities (shown by VS Code on hover)', async () => {
  const text = example('email-sent.moe.json');
  const doc = TextDocument.create('file:///x.moe.json', 'json', 1, text);
  const jdoc = ls.parseJSONDocument(doc);
  const hoverAt = async (needle: string) => {
    const h = await ls.doHover(doc, doc.positionAt(text.indexOf(needle) + 2), jdoc);
    return JSON.stringify(h?.contents ?? '');
  };
  assert.match(await hoverAt('"event_code"'), /case-sensitive/);
  assert.match(await hoverAt('"time"'), /seconds/);
  assert.match(await hoverAt('"identities"'), /primary/);
});
