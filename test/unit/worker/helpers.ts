import * as fs from 'node:fs';
import * as path from 'node:path';
import { PayloadWorker } from '../../../src/core/worker/client';
import { loadXdmSchema } from '../../../src/core/xdm';

export const root = path.resolve(__dirname, '../../..');
export const example = (rel: string) => fs.readFileSync(path.join(root, 'examples', rel), 'utf8');

/** The TypeScript worker through tsx's CommonJS hook (the product loads the bundled dist/worker.js). */
export function startWorker(supersedeAfterMs?: number): PayloadWorker {
  const boot = `require('tsx/cjs'); require(${JSON.stringify(path.join(root, 'src/core/worker/worker.ts'))});`;
  return new PayloadWorker(boot, { eval: true }, supersedeAfterMs);
}

/** What the preview sends for the example schema: its resolved root. */
export function exampleSchemaRoot(): string {
  return JSON.stringify(loadXdmSchema(example('schema/moengage-events.schema.json')).root);
}

/**
 * A regex the static check (regexSafety.ts) lets through — two alternatives with different first
 * atoms that both match every word character — yet each extra character doubles the backtracking:
 * on the example event_uuid twice (38 characters) it would run for hours.
 */
export const SLOW_EXPRESSION = 'matches_regex(concat(event_uuid, event_uuid), "(\\w|[a-z_0-9])+!")';
export const FAST_EXPRESSION = 'matches_regex(concat(event_uuid, event_uuid), "\\w+!")';

export function mappingCsv(expression: string): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return ['sourceType,source,destination', 'ATTRIBUTE,event_uuid,_id', `EXPRESSION,${q(expression)},_acmemoe.eventName`, 'ATTRIBUTE,event_code,_acmemoe.eventCode', ''].join('\n');
}
