import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CoreDiagnostic, Fix } from '../../../src/core/diagnostics';
import { LineIndex } from '../../../src/core/text/lineIndex';

export const root = path.resolve(__dirname, '../../..');
export const NOW = new Date('2026-01-01T00:00:00Z');

export function example(rel: string): string {
  return fs.readFileSync(path.join(root, 'examples/payloads', rel), 'utf8');
}

/** The seed's Step 6.1 payload as an object, for building variants. */
export function seedEvent(): Record<string, any> {
  return JSON.parse(example('email-sent.moe.json'));
}

export function streamsBatch(): Record<string, any> {
  return JSON.parse(example('streams-batch.moe.json'));
}

export const pretty = (v: unknown) => JSON.stringify(v, null, 2);

export function textAt(text: string, d: CoreDiagnostic): string {
  const li = new LineIndex(text);
  return text.slice(li.offsetAt(d.range.start), li.offsetAt(d.range.end));
}

export function applyFix(text: string, fix: Fix): string {
  const li = new LineIndex(text);
  const edits = fix.edits.map((e) => ({ s: li.offsetAt(e.range.start), e: li.offsetAt(e.range.end), t: e.newText })).sort((a, b) => b.s - a.s);
  let out = text;
  for (const e of edits) out = out.slice(0, e.s) + e.t + out.slice(e.e);
  return out;
}

export const codes = (ds: CoreDiagnostic[]) => ds.map((d) => d.code);
export const only = (ds: CoreDiagnostic[], code: string) => ds.filter((d) => d.code === code);
