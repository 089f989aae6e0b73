import { InputError } from '../diagnostics';
import { parsePath } from '../mapping/path';
import { resolveSchema, type ReadRef } from './resolve';
import type { XdmField, XdmIssue, XdmNode, XdmSchema, XdmSchemaProblem, XdmType } from './types';
import { toXdmIssues, validatorFor } from './validate';

export interface LoadXdmOptions {
  fileName?: string;
  /** Returns the text (or parsed JSON) of a schema referenced by `$ref` (its `$id`, fragment removed). */
  readRef?: ReadRef;
}

/**
 * Loads what users download from AEP's Schema Editor (aep-streaming-and-dataprep.md §6.1): the
 * `xed-full` form (fields resolved under `properties`) or the raw form (`$ref`/`allOf`, resolved
 * through `readRef`). Throws InputError only when the text is not a JSON object or not an XDM schema.
 */
export function loadXdmSchema(text: string, opts: LoadXdmOptions = {}): XdmSchema {
  const where = opts.fileName ? `${opts.fileName}: ` : '';
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new InputError(`${where}not valid JSON (${(e as Error).message}); expected an XDM schema downloaded from AEP.`, 'xdm.json');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new InputError(`${where}an XDM schema is a JSON object.`, 'xdm.not-schema');
  const raw = json as XdmNode;
  const isRaw = Array.isArray(raw.allOf) || typeof raw.$ref === 'string';
  const looksXdm = isRaw || (raw.properties && typeof raw.properties === 'object' && (raw.type === 'object' || raw.type === undefined));
  if (!looksXdm) {
    const hint =
      'event_code' in raw || 'events' in raw
        ? ' It looks like a MoEngage payload; pass the schema JSON from Schema Editor → Download JSON instead.'
        : ' Download it from AEP: Schemas → your schema → ⋯ → Download JSON (aep-streaming-and-dataprep.md §6.1).';
    throw new InputError(`${where}this is not an XDM schema: it has neither "properties" nor "allOf"/"$ref".${hint}`, 'xdm.not-schema');
  }
  const problems: XdmSchemaProblem[] = [];
  const root = resolveSchema(raw, opts.readRef, problems);
  const fields = new Map<string, XdmField>();
  indexFields(root, '', fields, true);
  const tenant = detectTenant(raw, root);
  // Compiled on the first validation only (cached by content hash across loads), never per event.
  let fn: ReturnType<typeof validatorFor> | undefined;
  return {
    id: typeof raw.$id === 'string' ? raw.$id : undefined,
    title: typeof raw.title === 'string' ? raw.title : undefined,
    tenant,
    form: isRaw ? 'raw' : 'xed-full',
    root,
    fields,
    problems,
    findField: (path) => findField(root, fields, path),
    suggest: (path, max = 3) => suggest(fields, path, max),
    validate: (entity, o) => validate((fn ??= validatorFor(root)), entity, o?.maxErrors),
  };
}

export function xdmTypeOf(node: XdmNode): XdmType {
  const meta = node['meta:xdmType'];
  if (typeof meta === 'string') return meta as XdmType;
  const t = Array.isArray(node.type) ? node.type.find((x) => x !== 'null') : node.type;
  if (t === 'string' && (node.format === 'date-time' || node.format === 'date')) return node.format;
  if (t === 'object' && !node.properties && node.additionalProperties && typeof node.additionalProperties === 'object') return 'map';
  if (typeof t === 'string') return t as XdmType;
  if (node.properties) return 'object';
  return 'string';
}

function indexFields(node: XdmNode, prefix: string, out: Map<string, XdmField>, requiredHere: boolean): void {
  const req = new Set(node.required ?? []);
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    addField(out, path, name, child, requiredHere && req.has(name));
  }
  const t = xdmTypeOf(node);
  if (t === 'map' && node.additionalProperties && typeof node.additionalProperties === 'object') {
    addField(out, `${prefix}.*`, '*', node.additionalProperties, false);
  }
  if (t === 'array' && node.items) addField(out, `${prefix}[*]`, '[*]', node.items, false);
}

function addField(out: Map<string, XdmField>, path: string, name: string, node: XdmNode, required: boolean): void {
  out.set(path, {
    path,
    name,
    xdmType: xdmTypeOf(node),
    format: node.format,
    enum: node.enum,
    metaEnum: node['meta:enum'],
    required,
    title: node.title,
    description: node.description,
    xdmField: node['meta:xdmField'],
    node,
  });
  indexFields(node, path, out, required);
}

/** Normalises a mapping destination (`identityMap.Email[0].id`) to an index key (`identityMap.*[*].id`). */
export function fieldKey(root: XdmNode, path: string): string | undefined {
  const parsed = parsePath(path);
  if (parsed.error) return undefined;
  let node: XdmNode | undefined = root;
  let key = '';
  for (const seg of parsed.segments) {
    if (!node) return undefined;
    const t = xdmTypeOf(node);
    if (seg.kind === 'key') {
      if (t === 'map') {
        node = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
        key += '.*';
      } else {
        node = node.properties?.[seg.name];
        key += key ? `.${seg.name}` : seg.name;
      }
    } else {
      if (t !== 'array') return undefined;
      node = node.items;
      key += '[*]';
    }
  }
  return node ? key : undefined;
}

function findField(root: XdmNode, fields: Map<string, XdmField>, path: string): XdmField | undefined {
  const direct = fields.get(path);
  if (direct) return direct;
  const key = fieldKey(root, path);
  return key === undefined ? undefined : fields.get(key);
}

function detectTenant(raw: XdmNode, root: XdmNode): string | undefined {
  const ns = raw['meta:tenantNamespace'];
  if (typeof ns === 'string' && ns) return ns.startsWith('_') ? ns : `_${ns}`;
  // Tenant fields are the one top-level object whose name starts with `_` (§6.1 naming rules).
  return Object.keys(root.properties ?? {}).find((k) => k.startsWith('_') && k !== '_id' && xdmTypeOf(root.properties![k]) === 'object');
}

function suggest(fields: Map<string, XdmField>, path: string, max: number): string[] {
  const target = path.replace(/\[\d+\]/g, '[*]');
  const scored: Array<[string, number]> = [];
  const lastOf = (p: string) => p.split('.').pop()!.toLowerCase();
  for (const key of fields.keys()) {
    const d = Math.min(distance(key.toLowerCase(), target.toLowerCase()), distance(lastOf(key), lastOf(target)) + 1);
    if (d <= Math.max(2, Math.floor(target.length / 3))) scored.push([key, d]);
  }
  scored.sort((a, b) => a[1] - b[1] || a[0].length - b[0].length);
  return scored.slice(0, max).map(([k]) => k);
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return 99;
  const prev = new Array(b.length + 1).fill(0).map((_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

function validate(fn: ReturnType<typeof validatorFor>, entity: unknown, maxErrors?: number): XdmIssue[] {
  if (fn(entity)) return [];
  const issues = toXdmIssues(fn.errors ?? [], entity);
  return maxErrors ? issues.slice(0, maxErrors) : issues;
}
