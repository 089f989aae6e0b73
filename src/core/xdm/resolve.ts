import type { XdmNode, XdmSchemaProblem } from './types';

export type ReadRef = (ref: string) => string | object | undefined;

/**
 * Most schema nodes one resolution may produce. Shared `$ref`s are expanded per use, so a few KB
 * whose definitions each reference the next twice grow as 2^depth (a "billion laughs" through
 * `$ref`); only cycles were caught before. AEP's largest standard classes with many field groups
 * resolve to a few thousand fields (§6.1 xed-full), so 50,000 fields / 100,000 nodes leaves ample room.
 */
export const MAX_RESOLVED_FIELDS = 50_000;
export const MAX_RESOLVED_NODES = 100_000;

/**
 * Resolves the raw Schema Registry form (aep-streaming-and-dataprep.md §6.1: `$ref`/`allOf`) into
 * one tree with Platform JSON property names. External refs are read through `readRef` (files next
 * to the schema); a ref that leads back to itself is reported instead of recursing forever.
 */
export function resolveSchema(
  root: XdmNode,
  readRef: ReadRef | undefined,
  problems: XdmSchemaProblem[],
  budget: { fields: number; nodes: number } = { fields: MAX_RESOLVED_FIELDS, nodes: MAX_RESOLVED_NODES },
): XdmNode {
  let fields = 0;
  let nodes = 0;
  let exhausted = false;
  /** Once over budget every further visit is a no-op, so the work done stays bounded by the budget. */
  const overBudget = (ref: string): boolean => {
    if (exhausted) return true;
    if (fields <= budget.fields && nodes <= budget.nodes) return false;
    exhausted = true;
    problems.push({
      code: 'xdm.too-large',
      ref,
      message: `The schema expands to more than ${fields > budget.fields ? `${budget.fields.toLocaleString('en-US')} fields` : `${budget.nodes.toLocaleString('en-US')} nodes`} when its $refs are resolved (shared definitions are expanded at every use), so it was cut short there. Download the schema from AEP as xed-full (refs resolved), or check it for $refs that multiply.`,
    });
    return true;
  };
  const docs = new Map<string, XdmNode | null>();
  const rootId = typeof root.$id === 'string' ? stripFragment(root.$id) : '';
  docs.set(rootId, root);

  const loadDoc = (id: string): XdmNode | undefined => {
    if (docs.has(id)) return docs.get(id) ?? undefined;
    let raw: string | object | undefined;
    try {
      raw = readRef?.(id);
    } catch {
      raw = undefined;
    }
    let doc: XdmNode | null = null;
    if (typeof raw === 'string') {
      try {
        doc = JSON.parse(raw) as XdmNode;
      } catch {
        doc = null;
      }
    } else if (raw && typeof raw === 'object') doc = raw as XdmNode;
    docs.set(id, doc);
    return doc ?? undefined;
  };

  // A shared definition is looked up once, however often it is used.
  const targets = new Map<string, XdmNode | null>();
  const visit = (node: XdmNode, docId: string, stack: string[]): XdmNode => {
    if (!node || typeof node !== 'object') return {};
    nodes++;
    if (overBudget(typeof node.$ref === 'string' ? node.$ref : stack[stack.length - 1] ?? '')) return {};
    let out: XdmNode = {};
    if (typeof node.$ref === 'string') {
      const ref = node.$ref;
      const hash = ref.indexOf('#');
      const targetDoc = hash === 0 ? docId : stripFragment(ref);
      const fragment = hash >= 0 ? ref.slice(hash + 1) : '';
      const key = `${targetDoc}#${fragment}`;
      if (stack.includes(key)) {
        const chain = [...stack.slice(stack.indexOf(key)), key].map(shortRef).join(' → ');
        if (!problems.some((p) => p.code === 'xdm.cyclic-ref' && p.ref === ref))
          problems.push({ code: 'xdm.cyclic-ref', ref, message: `Cyclic $ref: ${chain}. Download the schema as xed-full (refs resolved) or break the cycle.` });
      } else {
        let target = targets.get(key);
        if (target === undefined) {
          const doc = loadDoc(targetDoc);
          target = (doc && pointer(doc, fragment)) || null;
          targets.set(key, target);
        }
        if (!target) {
          if (!problems.some((p) => p.ref === ref))
            problems.push({
              code: 'xdm.unresolved-ref',
              ref,
              message: `Cannot resolve $ref "${ref}". Put the referenced schema JSON next to this file, or download the schema with "Accept: application/vnd.adobe.xed-full+json" so refs come resolved.`,
            });
        } else out = merge(out, visit(target, targetDoc, [...stack, key]));
      }
    }
    if (Array.isArray(node.allOf)) for (const part of node.allOf as XdmNode[]) out = merge(out, visit(part, docId, stack));
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' || k === 'allOf' || k === 'definitions' || k === '$defs') continue;
      if (k === 'properties' && v && typeof v === 'object') {
        const props: Record<string, XdmNode> = {};
        for (const [pk, pv] of Object.entries(v as Record<string, XdmNode>)) {
          fields++;
          props[platformName(pk)] = visit(pv, docId, stack);
        }
        out = merge(out, { properties: props });
      } else if ((k === 'items' || k === 'additionalProperties') && v && typeof v === 'object') {
        out = merge(out, { [k]: visit(v as XdmNode, docId, stack) });
      } else if (k === 'required' && Array.isArray(v)) {
        out = merge(out, { required: (v as string[]).map(platformName) });
      } else if (!(k in out) || k === 'type' || k === 'meta:xdmType' || k === 'description' || k === 'title') {
        out[k] = v;
      }
    }
    return out;
  };
  return visit(root, rootId, [`${rootId}#`]);
}

/**
 * Platform JSON names: `@id` → `_id` and the `xdm:` prefix dropped (aep-streaming-and-dataprep.md §6.3:
 * `required: ["@id","xdm:timestamp"]` "which in Platform JSON are `_id` and `timestamp`").
 */
export function platformName(name: string): string {
  if (name === '@id') return '_id';
  const colon = name.indexOf(':');
  if (colon > 0 && !name.startsWith('_')) return name.slice(colon + 1);
  return name;
}

function stripFragment(id: string): string {
  const h = id.indexOf('#');
  return h >= 0 ? id.slice(0, h) : id;
}

function shortRef(key: string): string {
  const [doc, frag] = key.split('#');
  const base = doc.split('/').filter(Boolean).pop() ?? doc;
  return frag ? `${base}#${frag}` : base || '(this schema)';
}

function pointer(doc: XdmNode, fragment: string): XdmNode | undefined {
  if (!fragment || fragment === '/') return doc;
  let cur: unknown = doc;
  for (const part of fragment.replace(/^\//, '').split('/')) {
    const k = decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur && typeof cur === 'object' ? (cur as XdmNode) : undefined;
}

function merge(a: XdmNode, b: XdmNode): XdmNode {
  const out: XdmNode = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (k === 'properties' && out.properties) {
      const props: Record<string, XdmNode> = { ...out.properties };
      for (const [pk, pv] of Object.entries(v as Record<string, XdmNode>)) props[pk] = props[pk] ? merge(props[pk], pv) : pv;
      out.properties = props;
    } else if (k === 'required' && out.required) out.required = [...new Set([...out.required, ...(v as string[])])];
    else if (v !== undefined) out[k] = v;
  }
  return out;
}
