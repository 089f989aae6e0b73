import { findNodeAtLocation, getNodeValue, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { InputError } from '../diagnostics';
import { LineIndex } from '../text/lineIndex';
import { eventKeyOf } from './model';

/**
 * Thin adapter: splits a payload file into the events to send, with their offsets, until the payload
 * module (src/core/moengage) publishes its own event spans. Kept here so sending does not wait on it.
 */

export type PayloadShape = 'single' | 'array' | 'batch' | 'ndjson';

export interface PayloadEvent {
  /** Position in the file (0-based). */
  index: number;
  /** Offsets of the event's JSON value in the file text. */
  start: number;
  end: number;
  /** The message body to send for this event. */
  message: unknown;
  key: string;
  eventCode?: string;
  /** `_id` or `event_uuid`, for display. */
  eventId?: string;
  /** Offset of the message's own JSON within the file, to map pointers (absent for Shape A: the envelope is merged). */
  pointerBase: 'event' | 'merged';
}

export interface SplitPayload {
  shape: PayloadShape;
  events: PayloadEvent[];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function describe(message: unknown, index: number, start: number, end: number, pointerBase: PayloadEvent['pointerBase']): PayloadEvent {
  const o = (message && typeof message === 'object' && !Array.isArray(message) ? message : {}) as Record<string, unknown>;
  const xdm = (o.body as Record<string, unknown> | undefined)?.xdmEntity as Record<string, unknown> | undefined;
  return {
    index,
    start,
    end,
    message,
    key: eventKeyOf(message, index),
    eventCode: str(o.event_code) ?? str(xdm?.eventType),
    eventId: str(o.event_uuid) ?? str(o._id) ?? str(xdm?._id),
    pointerBase,
  };
}

function firstError(text: string, e: { offset: number; length: number } = { offset: 0, length: 0 }): InputError {
  const range = new LineIndex(text).range(e.offset, e.offset + e.length);
  return new InputError(
    `the payload is not valid JSON at line ${range.start.line + 1}, column ${range.start.character + 1}; fix it before sending`,
    'send.payload-not-json',
    range,
  );
}

function isNdjson(fileName: string): boolean {
  return /\.ndjson$|\.jsonl$/i.test(fileName);
}

/**
 * Splits the payload: NDJSON (one event a line), a JSON array of events, a Shape A batch
 * (`events[]`, moengage-streams.md §1.3) or one event (Shape B, or an XDM `{header, body}` message).
 * Shape A events are sent one message each with the batch's top-level keys (`app_name`, `source`,
 * `moe_request_id`) merged in, which is the flat form the AEP mapping reads (moengage-streams.md §5.2).
 */
export function splitPayload(text: string, fileName: string): SplitPayload {
  if (isNdjson(fileName)) return splitNdjson(text);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (!root || errors.length) throw firstError(text, errors[0]);
  if (root.type === 'array') {
    return {
      shape: 'array',
      events: (root.children ?? []).map((n, i) => describe(getNodeValue(n), i, n.offset, n.offset + n.length, 'event')),
    };
  }
  const eventsNode = root.type === 'object' ? findNodeAtLocation(root, ['events']) : undefined;
  if (eventsNode?.type === 'array') {
    const envelope: Record<string, unknown> = {};
    for (const prop of root.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (k && v && k.value !== 'events') envelope[String(k.value)] = getNodeValue(v);
    }
    return {
      shape: 'batch',
      events: (eventsNode.children ?? []).map((n: Node, i) => {
        const ev = getNodeValue(n);
        const message = ev && typeof ev === 'object' && !Array.isArray(ev) ? { ...envelope, ...ev } : ev;
        const d = describe(message, i, n.offset, n.offset + n.length, 'merged');
        return { ...d, key: eventKeyOf(ev, i) };
      }),
    };
  }
  return { shape: 'single', events: [describe(getNodeValue(root), 0, root.offset, root.offset + root.length, 'event')] };
}

function splitNdjson(text: string): SplitPayload {
  const events: PayloadEvent[] = [];
  let start = 0;
  let line = 0;
  let lines: LineIndex | undefined;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end);
    const trimmed = raw.trim();
    if (trimmed) {
      const lead = raw.length - raw.trimStart().length;
      let value: unknown;
      try {
        value = JSON.parse(trimmed);
      } catch {
        lines ??= new LineIndex(text);
        throw new InputError(
          `line ${line + 1} is not valid JSON; every line of an NDJSON payload must be one event — fix it before sending`,
          'send.payload-not-json',
          lines.range(start, end),
        );
      }
      events.push(describe(value, events.length, start + lead, start + lead + trimmed.length, 'event'));
    }
    start = end + 1;
    line++;
  }
  return { shape: 'ndjson', events };
}

/**
 * Offsets of the value at a JSON pointer inside one event of the file. Keys that came from the
 * Shape A envelope are searched at the top level of the file. Returns undefined when the pointer
 * does not exist in the source (e.g. it names an XDM field).
 */
export function rangeOfPointerInEvent(
  text: string,
  event: PayloadEvent,
  pointer: string,
): { start: number; end: number } | undefined {
  const segs = pointerSegments(pointer);
  if (!segs) return undefined;
  const sub = text.slice(event.start, event.end);
  const root = parseTree(sub);
  const node = root && nodeAt(root, segs);
  if (node) return spanOf(node, event.start);
  if (event.pointerBase === 'merged' && segs.length) {
    const whole = parseTree(text);
    const top = whole && nodeAt(whole, segs);
    if (top) return spanOf(top, 0);
  }
  return undefined;
}

function nodeAt(root: Node, segs: readonly string[]): Node | undefined {
  let n: Node | undefined = root;
  for (const s of segs) {
    if (n.type === 'object') {
      const prop: Node | undefined = n.children?.find((p) => p.children?.[0]?.value === s);
      n = prop?.children?.[1];
    } else if (n.type === 'array' && /^\d+$/.test(s)) n = n.children?.[Number(s)];
    else n = undefined;
    if (!n) return undefined;
  }
  return n;
}

function spanOf(node: Node, base: number): { start: number; end: number } {
  // Point at the property (key and value) so the squiggle covers what the user reads as "the field".
  const target = node.parent?.type === 'property' ? node.parent : node;
  return { start: base + target.offset, end: base + target.offset + target.length };
}

/** `#/a/b`, `/a/b`, `a.b` (Data Prep source paths) → segments; undefined for unusable input. */
export function pointerSegments(pointer: string): string[] | undefined {
  let p = pointer.trim();
  if (p.startsWith('#')) p = p.slice(1);
  if (p === '' || p === '/') return [];
  if (p.startsWith('/')) {
    return p
      .slice(1)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  if (/^[\w$@-]+(\.[\w$@-]+|\[\d+\])*$/.test(p)) return p.split(/\.|\[(\d+)\]/).filter((s): s is string => !!s);
  return undefined;
}
