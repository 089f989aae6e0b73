import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { PayloadValidator, validatePayload } from '../../src/core/moengage/validate';
import { interleave } from '../lib/measure';
import { payloadFile } from '../lib/inputs';
import { ms, type BenchContext, type BenchRow } from '../lib/row';

/**
 * VS Code's own JSON language service with the schema we contribute through `jsonValidation`: what a
 * user gets for a *.moe.json file without this extension. Parse + doValidation, like the editor does.
 */
function languageServiceValidator(root: string) {
  const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/moengage-payload.schema.json'), 'utf8'));
  const ls = getLanguageService({});
  ls.configure({ validate: true, allowComments: false, schemas: [{ uri: 'file:///schemas/moengage-payload.schema.json', fileMatch: ['*.moe.json'], schema }] });
  let version = 0;
  return async (text: string) => {
    const doc = TextDocument.create('file:///bench/payload.moe.json', 'json', ++version, text);
    return ls.doValidation(doc, ls.parseJSONDocument(doc), { schemaValidation: 'error' });
  };
}

export async function validateCases(ctx: BenchContext): Promise<BenchRow[]> {
  const events = ctx.quick ? 300 : 20_000;
  const file = await payloadFile(ctx.dataDir, events);
  const text = fs.readFileSync(file, 'utf8');
  const mbText = (text.length / 1e6).toFixed(1);
  const rounds = ctx.quick ? { warmup: 1, reps: 2 } : { warmup: 1, reps: 3 };

  ctx.log(`validate: ${events} events, ${mbText} MB`);
  const baseline = languageServiceValidator(ctx.root);
  const full = await interleave(
    () => validatePayload(text, { fileName: 'payload.moe.json' }),
    () => baseline(text),
    rounds,
  );
  const r1 = full.baseline.medianMs / full.ours.medianMs;
  const rows: BenchRow[] = [
    {
      id: 'validate-full',
      case: `validate ${events.toLocaleString('en-US')}-event payload (${mbText} MB)`,
      ours: ms(full.ours.medianMs),
      baseline: ms(full.baseline.medianMs),
      ratio: r1,
      target: '≥ 10× faster',
      pass: r1 >= 10,
      figures: { oursMs: full.ours.medianMs, baselineMs: full.baseline.medianMs, events, bytes: text.length },
      notes: ['baseline: vscode-json-languageservice parseJSONDocument + doValidation, schemas/moengage-payload.schema.json'],
    },
  ];

  // One-character edits, each at a different event and each producing a text never seen before, so
  // the per-event result cache cannot answer from an earlier round.
  const incremental = new PayloadValidator({ fileName: 'payload.moe.json' });
  let current = text;
  incremental.validate(current);
  const anchor = '"campaign_name": "Campaign ';
  let edited = current;
  let round = -1;
  const nextEdit = (r: number) => {
    current = edited;
    const from = Math.floor((((r * 7919 + 13) % 1000) / 1000) * current.length);
    let at = current.indexOf(anchor, from);
    if (at < 0) at = current.indexOf(anchor);
    at += anchor.length;
    edited = current.slice(0, at) + String.fromCharCode(97 + (r % 26)) + current.slice(at);
  };
  let incrementalAll = true;
  const inc = await interleave(
    () => {
      incremental.validate(edited);
      incrementalAll &&= incremental.lastRunIncremental;
    },
    () => validatePayload(edited, { fileName: 'payload.moe.json' }),
    {
      warmup: 1,
      reps: 3,
      // Both sides of a round validate the same new text; the incremental validator last saw the previous one.
      before: (_side, r) => {
        if (r === round) return;
        round = r;
        nextEdit(r);
      },
    },
  );
  // Honesty check: the incremental answer equals a full validation of the same text.
  const a = incremental.validate(edited).map((d) => [d.code, d.range]);
  const b = validatePayload(edited, { fileName: 'payload.moe.json' }).map((d) => [d.code, d.range]);
  assert.deepEqual(a, b, 'incremental validation must report what a full validation reports');
  const r2 = inc.baseline.medianMs / inc.ours.medianMs;
  rows.push({
    id: 'validate-incremental',
    case: 're-validate after a one-character edit',
    ours: ms(inc.ours.medianMs),
    baseline: ms(inc.baseline.medianMs),
    ratio: r2,
    target: '≥ 20× faster',
    pass: r2 >= 20,
    figures: { oursMs: inc.ours.medianMs, baselineMs: inc.baseline.medianMs, incremental: incrementalAll ? 1 : 0 },
    notes: [`baseline: our own full validation (validatePayload) of the edited text${incrementalAll ? '' : '; WARNING: PayloadValidator fell back to a full run on some edit'}`],
  });
  return rows;
}
