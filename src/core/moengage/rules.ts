import { randomUUID } from 'node:crypto';
import type { ErrorObject } from 'ajv';
import type { Severity } from '../diagnostics';
import { locate, locateDeepest, type JsonPath } from '../json/locate';
import { insertMembers, type OffsetFix } from './edits';
import { lookupEventCode, suggestEventCode } from './eventCodes';
import type { EventKind } from './parse';
import { schemaErrors } from './schema';

/** A problem inside one event, by offsets relative to the event's own text. */
export interface EventProblem {
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fixes?: OffsetFix[];
}

export interface EventFacts {
  uuid?: string;
}

export interface EventCheck {
  problems: EventProblem[];
  facts: EventFacts;
  /**
   * Set instead of `problems` for an event past the validator's problem limit: only the codes are
   * kept (a 100 MB file can have a million problems, and their messages and fixes would not fit in
   * memory); the full problems are recomputed from the event's text if it ever has to be shown.
   */
  codes?: { code: string; severity: Severity }[];
}

type Obj = Record<string, unknown>;

// moengage-streams.md §1.5 / §6: both documented event_type sets are accepted.
export const EVENT_TYPES = ['CAMPAIGN_EVENT', 'USER_ACTION_EVENT', 'ACQUISITION', 'CAMPAIGN_ACTIVITY', 'LIFECYCLE', 'REACHABILITY', 'UNINSTALL'];
const EVENT_TYPE_SET = new Set(EVENT_TYPES);
// moengage-streams.md §1.6: exported by default with every campaign event.
export const CAMPAIGN_KEYS = ['campaign_id', 'campaign_name', 'campaign_type', 'campaign_channel'] as const;
// aep-streaming-and-dataprep.md §5.1: words Data Prep only accepts inside ${…}.
const RESERVED = new Set(
  'new mod or break var lt for false while eq gt div not null continue else and ne true le if ge return _errors do function empty size'.split(' '),
);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{1,14}$/;
// XDM timestamps must be in the past (aep-streaming-and-dataprep.md §6.3); a minute absorbs clock skew.
const FUTURE_SLACK_S = 60;
const YEAR_2010_S = 1262304000;
/** Epoch seconds stay below 1e11 until the year 5138, so anything larger is milliseconds. */
export const MS_THRESHOLD = 1e11;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

export interface EventRuleInput {
  /** The event's text, or a getter: a clean event never needs it, so the caller may defer finding it. */
  text: string | (() => string);
  /**
   * Characters of the event's text when known without building it. Compact JSON of a parsed value is
   * at most 6 UTF-8 bytes per source character (a lone surrogate becomes `\udXXX`; "1e20" becomes
   * 21 digits, ~5×), so a short text proves the event is under the record limit without a walk.
   */
  textLength?: number;
  value: unknown;
  kind: EventKind;
  /** Epoch seconds used for the "in the future" check. */
  nowS: number;
}

export function checkEvent(input: EventRuleInput): EventCheck {
  const { value, kind } = input;
  let evText: string | undefined;
  const src = (): string => (evText ??= typeof input.text === 'string' ? input.text : input.text());
  const problems: EventProblem[] = [];
  const facts: EventFacts = {};
  const at = (path: JsonPath, part: 'key' | 'value' = 'value'): [number, number] => {
    const l = locate(src(), path);
    if (!l) {
      const d = locateDeepest(src(), path);
      const s = d ? d.location.valueStart : 0;
      return [s, s + 1];
    }
    return part === 'key' && l.keyEnd > l.keyStart ? [l.keyStart, l.keyEnd] : [l.valueStart, l.valueEnd];
  };
  const report = (code: string, severity: Severity, message: string, range: [number, number], fixes?: OffsetFix[]) =>
    problems.push({ code, severity, message, start: range[0], end: range[1], ...(fixes ? { fixes } : {}) });
  const replaceWith = (path: JsonPath, json: string, title: string): OffsetFix => {
    const [start, end] = at(path);
    return { title, edits: [{ start, end, newText: json }], preferred: true };
  };
  const eventStart = (): [number, number] => {
    const t = src();
    const first = t.charCodeAt(0) === 0x7b ? 0 : Math.max(0, t.search(/\S/));
    return [first, first + 1];
  };

  if (!isObj(value)) {
    report('moe.schema', 'error', 'Each event must be a JSON object with event_code, event_uuid and the other event keys (moengage-streams.md §1.5)', [eventStart()[0], src().length]);
    return { problems, facts };
  }

  schemaProblems(kind, value, at, report);

  // event_uuid: MoEngage's de-duplication key (moengage-streams.md §0.4); the seed maps it to eventMergeId.
  if (typeof value.event_uuid === 'string' && value.event_uuid !== '') {
    // Its range is located only if it turns out to be a duplicate (most events never need it).
    facts.uuid = value.event_uuid;
  } else if (!('event_uuid' in value)) {
    const uuid = randomUUID();
    report('moe.missing-event-uuid', 'error', 'Missing event_uuid: MoEngage retries whole batches, so AEP needs a unique id per event to de-duplicate (moengage-streams.md §0.4). Add "event_uuid" with a UUID', eventStart(), [
      { title: 'Add "event_uuid" with a new UUID', edits: [insertMembers(src(), eventStart()[0], [['event_uuid', JSON.stringify(uuid)]])], preferred: true },
    ]);
  }

  checkTime(kind === 'flat' ? 'time' : 'event_time', value, input.nowS, at, report);

  const code = typeof value.event_code === 'string' ? value.event_code : undefined;
  const info = code !== undefined ? lookupEventCode(code) : undefined;
  if (code !== undefined && code !== '' && !info) {
    const suggestion = suggestEventCode(code);
    const systemLike = /^(MOE_|MO_|NOTIFICATION_|SMS_|IN_APP_|iOS_|WINDOWS_)/i.test(code) || value.event_type === 'CAMPAIGN_EVENT';
    if (suggestion)
      report('moe.unknown-event-code', 'warning', `Unknown event_code "${code}": did you mean "${suggestion.code}" (${suggestion.name}, ${suggestion.channel})? Event codes are case-sensitive (moengage-streams.md §2)`, at(['event_code']), [
        replaceWith(['event_code'], JSON.stringify(suggestion.code), `Change to "${suggestion.code}"`),
      ]);
    else if (systemLike)
      report('moe.unknown-event-code', 'warning', `Unknown event_code "${code}": it is not a MoEngage system code (moengage-streams.md §2). If it is a custom event, use event_type USER_ACTION_EVENT; otherwise check the spelling`, at(['event_code']));
  }

  const eventType = value.event_type;
  if (typeof eventType === 'string' && !EVENT_TYPE_SET.has(eventType)) {
    const fixed = EVENT_TYPES.find((t) => t === eventType.trim().toUpperCase());
    report('moe.unknown-event-type', 'warning', `event_type "${eventType}" is not a documented value: use CAMPAIGN_EVENT or USER_ACTION_EVENT (or ACQUISITION, CAMPAIGN_ACTIVITY, LIFECYCLE, REACHABILITY, UNINSTALL) (moengage-streams.md §1.5)`, at(['event_type']), fixed ? [replaceWith(['event_type'], JSON.stringify(fixed), `Change to "${fixed}"`)] : undefined);
  }

  // moengage-streams.md §6: campaign events (by event_type or by a known campaign code) carry the four campaign_* keys.
  if (eventType === 'CAMPAIGN_EVENT' || info?.campaign) {
    const attrs = value.event_attributes;
    const attrsObj = isObj(attrs);
    const missing = attrsObj && attrs.campaign_id != null && attrs.campaign_name != null && attrs.campaign_type != null && attrs.campaign_channel != null ? [] : CAMPAIGN_KEYS.filter((k) => !attrsObj || attrs[k] == null);
    if (missing.length > 0) {
      const values = missing.map((k): [string, string] => [k, JSON.stringify(k === 'campaign_channel' && info ? info.channel : '')]);
      const edit = isObj(attrs) ? insertMembers(src(), at(['event_attributes'])[0], values) : insertMembers(src(), eventStart()[0], [['event_attributes', `{${values.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')}}`]]);
      report('moe.missing-campaign-attributes', 'warning', `Campaign event without ${missing.join(', ')} in event_attributes: MoEngage exports campaign_id, campaign_name, campaign_type and campaign_channel with every campaign event and the AEP schema maps them to _{tenant}.campaign* (moengage-streams.md §1.6, seed Step 2). Add them`, isObj(attrs) ? at(['event_attributes'], 'key') : at(['event_code']), [
        { title: `Add ${missing.join(', ')}`, edits: [edit], preferred: true },
      ]);
    }
  }

  if (kind === 'streams') {
    // Shape A carries the recipient of email/SMS/push campaign events at the event level (moengage-streams.md §1.5).
    if (info?.recipientKey && isBlank(value[info.recipientKey]))
      report('moe.missing-recipient', 'warning', `${info.channel} event ${info.code} has no ${info.recipientKey}: MoEngage sends it with ${info.channel.toLowerCase()} campaign events, and without it AEP cannot attach the event to the ${info.recipientKey === 'email_id' ? 'Email' : info.recipientKey === 'mobile_number' ? 'Phone' : 'push token'} identity (moengage-streams.md §1.5). Add "${info.recipientKey}"`, at(['event_code']));
    if (isBlank(value.uid))
      report('moe.no-identity', 'warning', 'No uid: uid (the MoEngage customer_id) is the natural primary identity for AEP; without it the event can only be stitched by email/phone (moengage-streams.md §1.5, seed Step 1). Add "uid"', 'uid' in value ? at(['uid']) : eventStart());
    checkContact(value.email_id, ['email_id'], value.mobile_number, ['mobile_number'], at, report);
  } else {
    const ids = value.identities;
    const hasId = isObj(ids) && Object.values(ids).some((v) => !isBlank(v));
    if (!hasId)
      report('moe.no-identity', 'error', 'No identity value: AEP builds identityMap (with exactly one primary identity) from "identities", so this event would reach no profile (seed Step 1 and Step 5). Add e.g. "identities": {"externalId": "…"} with your primary namespace symbol', 'identities' in value ? at(['identities'], 'key') : eventStart());
    if (isObj(ids)) checkContact(ids.email, ['identities', 'email'], ids.phone, ['identities', 'phone'], at, report);
  }

  checkSource(value, 'source', at, report);
  checkSource(value, 'event_source', at, report);

  // aep-streaming-and-dataprep.md §3: records up to 1 MB, 10 KB recommended. Measured as the
  // compact JSON that goes over the wire, not the pretty-printed file.
  if (!(input.textLength !== undefined && input.textLength * 6 <= RECORD_LIMIT) && roughSize(value, RECORD_LIMIT / 3) * 3 > RECORD_LIMIT) {
    const bytes = compactJsonBytes(value);
    if (bytes > RECORD_LIMIT)
      report('moe.event-too-large', bytes > 1024 * 1024 ? 'error' : 'warning', `This event is ${(bytes / 1024).toFixed(1)} KB as sent; AEP recommends at most 10 KB per streaming record and rejects records over 1 MB (aep-streaming-and-dataprep.md §3). Move bulky attributes out of the event`, eventStart());
  }

  for (const obj of ATTRIBUTE_OBJECTS) {
    const attrs = value[obj];
    if (!isObj(attrs)) continue;
    for (const key in attrs) {
      const why = escapeReason(key);
      if (!why) continue;
      const form = key.includes('.') ? `${obj}.\${${key.replace(/\./g, '\\.')}}` : `${obj}.\${${key}}`;
      const extra = key.includes('.') ? ' (Adobe also says ${…} does not support source keys containing "." — if the mapping still fails, rename the key)' : '';
      report('moe.attribute-key-needs-escape', 'information', `Attribute key "${key}" ${why}, so Data Prep cannot address it as a plain path: write ${form} in the mapping${extra} (aep-streaming-and-dataprep.md §5.1)`, at([obj, key], 'key'));
    }
  }
  // Clean events (nearly all of a big file) share one empty list instead of each keeping its own.
  return { problems: problems.length === 0 ? NO_PROBLEMS : problems, facts };
}

const NO_PROBLEMS: EventProblem[] = Object.freeze([]) as unknown as EventProblem[];

const ATTRIBUTE_OBJECTS = ['event_attributes', 'user_attributes', 'device_attributes', 'identities'] as const;

// Attribute keys repeat across events, so the answer is memoised (bounded: keys are user data).
const escapeMemo = new Map<string, string | undefined>();
const RECORD_LIMIT = 10 * 1024;

/**
 * Characters of compact JSON, counted until `stop` is passed (enough to know "small"). Iterative with an
 * explicit stack: events can nest thousands of levels deep, and a recursive walk overflowed the call stack.
 */
function roughSize(root: unknown, stop: number): number {
  let n = 0;
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') n += v.length + 2;
    else if (v === null || typeof v !== 'object') n += 6;
    else if (Array.isArray(v)) {
      n += 2 + v.length;
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    } else {
      n += 2;
      for (const k in v as Obj) {
        n += k.length + 4;
        stack.push((v as Obj)[k]);
      }
    }
    if (n > stop) return n;
  }
  return n;
}

/**
 * UTF-8 bytes of `JSON.stringify(v)` ("as sent"), computed without recursion: JSON.stringify itself overflows the
 * stack on events nested ~10,000 levels deep, which JSON.parse accepts.
 */
export function compactJsonBytes(root: unknown): number {
  let n = 0;
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') {
      n += v === undefined ? 4 : Buffer.byteLength(JSON.stringify(v) ?? 'null', 'utf8');
    } else if (Array.isArray(v)) {
      n += 2 + Math.max(0, v.length - 1);
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    } else {
      const keys = Object.keys(v as Obj);
      n += 2 + Math.max(0, keys.length - 1);
      for (const k of keys) {
        n += Buffer.byteLength(JSON.stringify(k), 'utf8') + 1;
        stack.push((v as Obj)[k]);
      }
    }
  }
  return n;
}

function escapeReason(key: string): string | undefined {
  let r = escapeMemo.get(key);
  if (r === undefined && !escapeMemo.has(key)) {
    r = computeEscapeReason(key);
    if (escapeMemo.size > 10_000) escapeMemo.clear();
    escapeMemo.set(key, r);
  }
  return r;
}

function computeEscapeReason(key: string): string | undefined {
  if (IDENTIFIER.test(key)) return RESERVED.has(key) ? 'is a Data Prep reserved word' : undefined;
  if (/\s/.test(key)) return 'contains a space';
  if (key.includes('.')) return 'contains a dot';
  if (key.includes('-')) return 'contains a dash';
  if (/^\d/.test(key)) return 'starts with a digit';
  return 'is not a plain identifier';
}

type At = (path: JsonPath, part?: 'key' | 'value') => [number, number];
type Report = (code: string, severity: Severity, message: string, range: [number, number], fixes?: OffsetFix[]) => void;

function checkTime(key: 'time' | 'event_time', value: Obj, nowS: number, at: At, report: Report) {
  const t = value[key];
  if (typeof t !== 'number' || !Number.isFinite(t)) return;
  if (t > MS_THRESHOLD) {
    const secs = Math.floor(t / 1000);
    report('moe.time-in-ms', 'error', `${key} ${t} is in milliseconds: MoEngage sends epoch seconds and the mapping multiplies by 1000 (dformat((${key} * 1000), …)), so AEP would get a timestamp tens of thousands of years ahead. Use ${secs} (seed Step 5, moengage-streams.md §1.5)`, at([key]), [
      { title: `Divide by 1000 (${secs})`, edits: [{ ...rangeOf(at([key])), newText: String(secs) }], preferred: true },
    ]);
    return;
  }
  if (t > nowS + FUTURE_SLACK_S)
    report('moe.time-in-future', 'warning', `${key} ${t} (${iso(t)}) is in the future: the XDM timestamp must be in the past, so AEP rejects or misplaces the event (aep-streaming-and-dataprep.md §6.3). Use the time the event happened`, at([key]));
  else if (t < YEAR_2010_S)
    report('moe.time-too-old', 'warning', `${key} ${t} (${iso(t)}) is before 2010, which no MoEngage event can be: check that it is epoch seconds in UTC (moengage-streams.md §1.5)`, at([key]));
}

const iso = (s: number) => {
  const d = new Date(s * 1000);
  return Number.isNaN(d.getTime()) ? 'invalid date' : d.toISOString();
};
const rangeOf = ([start, end]: [number, number]) => ({ start, end });

function checkContact(email: unknown, emailPath: JsonPath, phone: unknown, phonePath: JsonPath, at: At, report: Report) {
  if (typeof email === 'string' && email !== '' && !EMAIL.test(email.trim()))
    report('moe.invalid-email', 'warning', `"${email}" is not a valid email address, so AEP's Email identity for it is useless: fix the value or remove it`, at(emailPath));
  if (typeof phone === 'string' && phone !== '' && !E164.test(phone)) {
    const cleaned = phone.replace(/[\s\-().]/g, '');
    const fix: OffsetFix[] | undefined = E164.test(cleaned) ? [{ title: `Change to "${cleaned}"`, edits: [{ ...rangeOf(at(phonePath)), newText: JSON.stringify(cleaned) }], preferred: true }] : undefined;
    report('moe.invalid-phone', 'warning', `"${phone}" is not an E.164 phone number (+ country code and digits, e.g. +14155550100): AEP's Phone identity namespace expects E.164, so the same person would get two identities`, at(phonePath), fix);
  }
}

function checkSource(value: Obj, key: 'source' | 'event_source', at: At, report: Report) {
  const v = value[key];
  // moengage-streams.md §1.4/§1.5: "MOENGAGE" in samples, "MoEngage" in the glossary → compare case-insensitively.
  if (typeof v === 'string' && v !== 'MOENGAGE' && v.trim().toUpperCase() !== 'MOENGAGE')
    report('moe.unexpected-source', 'warning', `${key} is "${v}", but MoEngage Streams always sends "MOENGAGE" (moengage-streams.md §1.4): mappings that filter or decode on it will not match`, at([key]), [
      { title: 'Change to "MOENGAGE"', edits: [{ ...rangeOf(at([key])), newText: '"MOENGAGE"' }], preferred: true },
    ]);
}

export function checkSourceOf(value: Obj, at: At, report: Report) {
  checkSource(value, 'source', at, report);
}

/** ajv errors → located, actionable messages. `event_uuid` has its own rule with a fix. */
export function schemaProblems(kind: EventKind | 'batchHeader', value: unknown, at: At, report: Report) {
  const errs = schemaErrors(kind === 'batchHeader' ? 'batchHeader' : kind === 'flat' ? 'flatEvent' : 'streamsEvent', value);
  if (errs.length === 0) return;
  const seen = new Set<string>();
  for (const e of errs) {
    if (e.keyword === 'required' && e.params.missingProperty === 'event_uuid') continue;
    if (e.keyword === 'if' || e.keyword === 'allOf') continue;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const path = e.instancePath === '' ? [] : e.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const r = e.keyword === 'required' ? at(path, 'value').slice(0, 1).map((s) => [s, s + 1])[0] as [number, number] : at(path);
    report('moe.schema', 'error', schemaMessage(e, kind), r);
  }
}

function schemaMessage(e: ErrorObject, kind: EventKind | 'batchHeader'): string {
  const name = e.instancePath.split('/').pop() || 'payload';
  const shape = kind === 'flat' ? 'the flat AEP event (moengage-streams.md §5.1)' : kind === 'streams' ? 'a Streams event (moengage-streams.md §1.5)' : 'the Streams batch envelope (moengage-streams.md §1.4)';
  switch (e.keyword) {
    case 'required': {
      const p = String(e.params.missingProperty);
      const alt = kind === 'flat' && p === 'time' ? ' (the flat AEP shape uses "time", Streams batches use "event_time")' : kind === 'streams' && p === 'event_time' ? ' (Streams events use "event_time"; "time" is the flat AEP shape)' : '';
      return `Missing "${p}", required in ${shape}${alt}: add it`;
    }
    case 'type': {
      const want = String(e.params.type);
      const hint = want === 'integer' ? ': write the epoch seconds as a number without quotes or decimals' : '';
      return `"${name}" must be ${want === 'integer' ? 'an integer' : `a ${want}`}${hint}`;
    }
    case 'minLength':
      return `"${name}" must not be empty`;
    case 'minItems':
      return `"${name}" is empty: a Streams batch carries at least one event`;
    default:
      return `"${name}" ${e.message ?? 'is invalid'} (${shape})`;
  }
}
