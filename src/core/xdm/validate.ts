import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { createHash } from 'node:crypto';
import type { XdmIssue, XdmNode } from './types';

/**
 * AEP accepts exactly these date-time shapes (aep-streaming-and-dataprep.md §1.3 failed-batch error:
 * "Expected [yyyy-MM-dd'T'HH:mm:ssZ, yyyy-MM-dd'T'HH:mm:ss.[0-9]{1-9}Z, yyyy-MM-dd'T'HH:mm:ss[+-]HH:mm,
 * yyyy-MM-dd'T'HH:mm:ss.[0-9]{1,9}[+-]HH:mm]"), so `+0000` or a missing zone are rejected.
 */
export const XDM_DATE_TIME_EXPECTED =
  "[yyyy-MM-dd'T'HH:mm:ssZ, yyyy-MM-dd'T'HH:mm:ss.[0-9]{1-9}Z, yyyy-MM-dd'T'HH:mm:ss[+-]HH:mm, yyyy-MM-dd'T'HH:mm:ss.[0-9]{1,9}[+-]HH:mm]";
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

export function isXdmDateTime(s: string): boolean {
  const m = DATE_TIME_RE.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || se > 59) return false;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  return true;
}

export function isXdmDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo);
}

function daysIn(y: number, m: number): number {
  return [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

let ajv: Ajv | undefined;
function getAjv(): Ajv {
  if (ajv) return ajv;
  // strict:false so AEP's `meta:*` keywords pass (§6.1); every error collected like DCS's "N schema violations found".
  ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addFormat('date-time', { type: 'string', validate: isXdmDateTime });
  ajv.addFormat('date', { type: 'string', validate: isXdmDate });
  return ajv;
}

const cache = new Map<string, ValidateFunction>();

/** One compiled validator per schema content (cached by hash), never per event. */
export function validatorFor(root: XdmNode): ValidateFunction {
  const json = JSON.stringify(toJsonSchema(root, true));
  const key = createHash('sha256').update(json).digest('hex');
  let fn = cache.get(key);
  if (!fn) {
    fn = getAjv().compile(JSON.parse(json));
    cache.set(key, fn);
  }
  return fn;
}

const KEEP = ['type', 'enum', 'format', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems'];

/**
 * A plain JSON Schema for ajv. Objects that are not maps get `additionalProperties:false` unless the
 * schema says otherwise, because DCS rejects unknown keys ("extraneous key [workEmail] is not permitted", §1.3).
 * `meta:enum` is left out: eventType is an extensible enum (§6.3).
 */
function toJsonSchema(node: XdmNode, isRoot = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Downloaded schemas are user input: keep only well-formed keywords so compiling never throws.
  for (const k of KEEP) if (node[k] !== undefined && wellFormed(k, node[k])) out[k] = node[k];
  const xdmType = node['meta:xdmType'];
  if (node.type === undefined && !xdmType && node.properties) out.type = 'object';
  if (node.properties) {
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node.properties)) props[k] = toJsonSchema(v);
    out.properties = props;
  }
  if (Array.isArray(node.required) && node.required.length) out.required = node.required;
  if (node.items && typeof node.items === 'object') out.items = toJsonSchema(node.items);
  if (node.additionalProperties !== undefined) {
    out.additionalProperties = typeof node.additionalProperties === 'object' ? toJsonSchema(node.additionalProperties) : node.additionalProperties;
  } else if ((node.type === 'object' || out.type === 'object' || isRoot) && xdmType !== 'map' && node.properties) {
    out.additionalProperties = false;
  }
  return out;
}

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

function wellFormed(k: string, v: unknown): boolean {
  switch (k) {
    case 'type':
      return (typeof v === 'string' && JSON_TYPES.has(v)) || (Array.isArray(v) && v.length > 0 && v.every((t) => typeof t === 'string' && JSON_TYPES.has(t)));
    case 'enum':
      return Array.isArray(v) && v.length > 0;
    case 'format':
      return typeof v === 'string';
    case 'pattern':
      if (typeof v !== 'string') return false;
      try {
        new RegExp(v, 'u');
        return true;
      } catch {
        return false;
      }
    default:
      return typeof v === 'number' && Number.isFinite(v);
  }
}

const TYPE_NAMES: Record<string, string> = {
  string: 'String',
  integer: 'Integer',
  number: 'Number',
  boolean: 'Boolean',
  object: 'JSONObject',
  array: 'JSONArray',
  null: 'Null',
};

/** Java class names as the everit validator behind DCS prints them ("found: Long", §1.3). */
function foundType(v: unknown): string {
  if (v === null) return 'Null';
  if (Array.isArray(v)) return 'JSONArray';
  if (typeof v === 'number') return Number.isInteger(v) ? 'Long' : 'Double';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'boolean') return 'Boolean';
  return 'JSONObject';
}

function pointerGet(root: unknown, pointer: string): unknown {
  let cur = root;
  for (const part of pointer.split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

function escapePtr(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** ajv errors → `_streamingValidation` entries with everit-style messages, so an emulator can return them verbatim. */
export function toXdmIssues(errors: readonly ErrorObject[], entity: unknown): XdmIssue[] {
  const issues: XdmIssue[] = [];
  for (const e of errors) {
    const value = pointerGet(entity, e.instancePath);
    const schemaLocation = '#' + e.schemaPath.replace(/^#/, '').replace(/\/[^/]+$/, '');
    let pointerToViolation = '#' + e.instancePath;
    let message: string;
    switch (e.keyword) {
      case 'type': {
        const want = String(e.params.type).split(',').map((t) => TYPE_NAMES[t] ?? t).join(' or ');
        // everit reports an integer field given a fraction as a type error too.
        message = `expected type: ${want}, found: ${foundType(value)}`;
        break;
      }
      case 'additionalProperties':
        message = `extraneous key [${e.params.additionalProperty}] is not permitted`;
        break;
      case 'required':
        message = `required key [${e.params.missingProperty}] not found`;
        break;
      case 'enum':
        message = `${typeof value === 'string' ? value : JSON.stringify(value)} is not a valid enum value`;
        break;
      case 'format':
        message =
          e.params.format === 'date-time'
            ? `[${String(value)}] is not a valid date-time. Expected ${XDM_DATE_TIME_EXPECTED}`
            : `[${String(value)}] is not a valid ${e.params.format}`;
        break;
      case 'pattern':
        message = `string [${String(value)}] does not match pattern ${e.params.pattern}`;
        break;
      case 'minimum':
        message = `${String(value)} is not greater or equal to ${e.params.limit}`;
        break;
      case 'maximum':
        message = `${String(value)} is not less or equal to ${e.params.limit}`;
        break;
      case 'minLength':
        message = `expected minLength: ${e.params.limit}, actual: ${String(value ?? '').length}`;
        break;
      case 'maxLength':
        message = `expected maxLength: ${e.params.limit}, actual: ${String(value ?? '').length}`;
        break;
      default:
        message = e.message ?? e.keyword;
    }
    if (e.keyword === 'additionalProperties' || e.keyword === 'required') pointerToViolation = '#' + e.instancePath;
    issues.push({ schemaLocation: schemaLocation || '#', pointerToViolation, causingExceptions: [], keyword: e.keyword, message });
  }
  return issues;
}

export { escapePtr };
