import type { CoreDiagnostic } from '../diagnostics';
import { LineIndex } from '../text/lineIndex';
import { pointerSegments, rangeOfPointerInEvent, type PayloadEvent } from './payloadEvents';
import type { AepValidationError, MessageRecord } from './types';

/**
 * Finds the source field a mapping row fills an XDM path from (`_tenant.eventCode` → `event_code`).
 * Returns undefined for calculated fields or unmapped paths.
 */
export type XdmSourceLookup = (xdmPath: string) => string | undefined;

export interface AepDiagnosticOptions {
  /** Raw inlet (Data Prep mapping): AEP's pointers name XDM fields, not the payload's. */
  rawInlet: boolean;
  sourceOf?: XdmSourceLookup;
}

const SIMPLE_SOURCE = /^[\w$@-]+(\.[\w$@-]+|\[\d+\])*$/;

function located(text: string, ev: PayloadEvent, err: AepValidationError, opts: AepDiagnosticOptions) {
  const segs = err.pointer ? pointerSegments(err.pointer) : undefined;
  if (segs && segs.length) {
    if (opts.rawInlet) {
      // Walk up the XDM path: `_t.eventAttributesJson.x` may be mapped as a whole object.
      for (let n = segs.length; n > 0 && opts.sourceOf; n--) {
        const xdmPath = segs.slice(0, n).join('.');
        // Mapping destinations write array items as `a[0].b` (Data Prep paths); pointers as `a/0/b`.
        const source = opts.sourceOf(xdmPath) ?? opts.sourceOf(bracketed(segs.slice(0, n)));
        if (source && SIMPLE_SOURCE.test(source)) {
          const r = rangeOfPointerInEvent(text, ev, source);
          if (r) return { ...r, via: `${xdmPath} ← ${source}` };
        }
      }
    } else {
      // An XDM message points into `body.xdmEntity` (aep-streaming-and-dataprep.md §2.1).
      const r =
        rangeOfPointerInEvent(text, ev, '/' + ['body', 'xdmEntity', ...segs].join('/')) ??
        rangeOfPointerInEvent(text, ev, '/' + segs.join('/'));
      if (r) return { ...r };
    }
  }
  return undefined;
}

function bracketed(segs: readonly string[]): string {
  return segs.reduce((p, s, i) => (/^\d+$/.test(s) ? `${p}[${s}]` : i ? `${p}.${s}` : s), '');
}

function firstLine(text: string, ev: PayloadEvent): { start: number; end: number } {
  const nl = text.indexOf('\n', ev.start);
  return { start: ev.start, end: nl < 0 || nl > ev.end ? ev.end : nl };
}

/**
 * Turns what AEP said about rejected messages into diagnostics on the payload: on the field the
 * pointer names when it can be traced back, else on the event's first line.
 */
export function aepDiagnostics(
  text: string,
  events: readonly PayloadEvent[],
  messages: readonly MessageRecord[],
  opts: AepDiagnosticOptions,
): CoreDiagnostic[] {
  const byIndex = new Map(events.map((e) => [e.index, e]));
  let lines: LineIndex | undefined;
  const out: CoreDiagnostic[] = [];
  for (const m of messages) {
    if (m.status !== 'rejected') continue;
    const ev = byIndex.get(m.index);
    if (!ev) continue;
    lines ??= new LineIndex(text);
    const errors = m.errors.length ? m.errors : [{ message: `AEP answered HTTP ${m.httpStatus ?? '?'}` }];
    for (const err of errors) {
      const hit = located(text, ev, err, opts);
      const span = hit ?? firstLine(text, ev);
      const where = err.pointer && err.pointer !== '#' ? ` at ${err.pointer}` : '';
      const via = hit && 'via' in hit && hit.via ? ` (mapped ${hit.via})` : '';
      const todo = err.pointer && !hit ? ' — fix the field AEP names (or the mapping row that fills it) and send again' : ' — fix it and send again';
      out.push({
        range: lines.range(span.start, span.end),
        severity: 'error',
        code: err.keyword ? `aep.${err.keyword}` : m.httpStatus ? `aep.http-${m.httpStatus}` : 'aep.rejected',
        message: `AEP rejected this event${where}: ${err.message}${via}${todo}`,
        source: 'AEP',
      });
    }
  }
  return out;
}
