import { parsePath } from '../mapping/path';
import type { MappingDocument } from '../mapping/types';

export interface MappedIdentity {
  namespace: string;
  /** True when the mapping sets `identityMap.<NS>[n].primary` to a true constant (or flags the row primary). */
  primary: boolean;
  /** 0-based indexes of the mapping rows that write this namespace. */
  rows: number[];
}

// Data Prep boolean coercion from strings (aep-streaming-and-dataprep.md §5.1).
const TRUE_WORDS = new Set(['y', 'yes', 'Y', 'YES', 'on', 'ON', 'true', 'TRUE']);

/**
 * The identity namespaces a mapping writes, read from destinations `identityMap.<NS>[n].…`
 * (aep-streaming-and-dataprep.md §6.2; seed Step 5 "Primary identity: only ONE identity has
 * primary: true"). Legacy mapping sets mark identities with row-level `primaryIdentity` (§5.4), so
 * that flag counts too.
 */
export function mappedIdentities(doc: MappingDocument): MappedIdentity[] {
  const byNs = new Map<string, MappedIdentity>();
  for (const row of doc.rows) {
    const { segments, error } = parsePath(row.destination.trim());
    if (error || segments.length < 2) continue;
    const [head, ns] = segments;
    if (head.kind !== 'key' || head.name !== 'identityMap' || ns.kind !== 'key') continue;
    let entry = byNs.get(ns.name);
    if (!entry) byNs.set(ns.name, (entry = { namespace: ns.name, primary: false, rows: [] }));
    entry.rows.push(row.index);
    const leaf = segments[segments.length - 1];
    const constant = row.sourceType === 'STATIC' || (row.sourceType === 'EXPRESSION' && /^(true|false)$/.test(row.source.trim()));
    if (leaf.kind === 'key' && leaf.name === 'primary' && constant && TRUE_WORDS.has(row.source.trim())) entry.primary = true;
    const flag = row.extra?.primaryIdentity;
    if (flag === true || flag === 'true' || flag === 'TRUE') entry.primary = true;
  }
  return [...byNs.values()];
}
