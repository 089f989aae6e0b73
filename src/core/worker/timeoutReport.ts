import type { CoreDiagnostic } from '../diagnostics';
import { rowDiagnosticRange } from '../mapping/locate';
import type { MappingDocument, MappingRow } from '../mapping/types';

/** Data Prep calls and operators that run a user's regular expression (regexSafety.ts callers). */
const REGEX_USE = /\b(extract_regex|matches_regex|explode)\s*\(|[=!]~/;

export const TRANSFORM_TIMEOUT_CODE = 'map.transform-timeout';

export interface TimeoutFacts {
  budgetMs: number;
  /** 0-based mapping row that was running when the transform was stopped, if one had started. */
  row?: number;
  event?: number;
}

function regexUse(row: MappingRow): string | undefined {
  if (row.sourceType !== 'EXPRESSION') return undefined;
  const m = REGEX_USE.exec(row.source);
  return m ? (m[1] ?? `the ${m[0]} operator`) : undefined;
}

/**
 * What the preview says when a transform exceeded its budget: which row was running (or, if none had
 * started, which rows use regexes), why that can take forever, and what to do. The row that was
 * running is the best suspect: the worker notes each row before running it.
 */
export function transformTimeoutReport(doc: MappingDocument, t: TimeoutFacts, opts: { severalEvents?: boolean } = {}): { diagnostic: CoreDiagnostic; summary: string; advice: string } {
  const secs = `${+(t.budgetMs / 1000).toFixed(1)} s`;
  const retry = 'Nothing was changed; the preview runs again on your next edit.';
  const regexAdvice =
    'Rewrite the pattern so each character can be matched in only one way (e.g. (\\w|[a-z_0-9])+ → \\w+; avoid alternatives that overlap and quantifiers that follow or contain each other), or apply it to a shorter input.';
  const row = t.row !== undefined ? doc.rows[t.row] : undefined;
  let summary: string;
  let advice: string;
  let range;
  if (row) {
    const fn = regexUse(row);
    const where = `mapping row ${row.index + 1} (${row.destination.trim()})${opts.severalEvents && t.event !== undefined ? ` on event ${t.event + 1}` : ''}`;
    summary = `${where} was still running after ${secs}${fn ? `: it calls ${fn}, whose regular expression can backtrack for a very long time on some inputs` : ''}`;
    advice = `${fn ? regexAdvice : 'Look for work in this row that grows with the input (big arrays, deep nesting).'} ${retry}`;
    range = rowDiagnosticRange(doc, row.index, 'source');
  } else {
    const suspects = doc.rows.filter((r) => regexUse(r));
    summary = `the transform did not finish within ${secs}${suspects.length ? `; rows using regular expressions: ${suspects.map((r) => r.index + 1).join(', ')}` : ' (the payload or schema may be too large)'}`;
    advice = `${suspects.length ? regexAdvice : 'Preview a smaller payload.'} ${retry}`;
    range = suspects.length ? rowDiagnosticRange(doc, suspects[0].index, 'source') : rowDiagnosticRange(doc, 0, 'row');
  }
  const message = `Preview XDM stopped the transform: ${summary}. ${advice}`;
  return { diagnostic: { range, severity: 'warning', code: TRANSFORM_TIMEOUT_CODE, message, source: 'moe-aep.transform' }, summary, advice };
}
