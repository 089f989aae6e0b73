import type { SourceType } from './types';
import { parsePath } from './path';

/**
 * The CSV's sourceType column is optional (its names are unconfirmed, aep-streaming-and-dataprep.md
 * §5.5), so a missing type is inferred: a plain field path is ATTRIBUTE, a quoted or literal
 * constant is STATIC (§5.4: there is no CONSTANT), anything else is an EXPRESSION.
 */
export function inferSourceType(source: string): { sourceType: SourceType; source: string } {
  const t = source.trim();
  const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(t) ?? /^'((?:[^'\\]|\\.)*)'$/.exec(t);
  if (quoted) return { sourceType: 'STATIC', source: quoted[1].replace(/\\(.)/g, '$1') };
  if (/^-?\d+(\.\d+)?$/.test(t) || t === 'true' || t === 'false') return { sourceType: 'STATIC', source: t };
  if (!RESERVED.has(t) && !parsePath(t).error && !/[()]/.test(t)) return { sourceType: 'ATTRIBUTE', source: source };
  return { sourceType: 'EXPRESSION', source };
}

/** JEXL reserved words (§5.1) are never bare field names. */
const RESERVED = new Set(
  'new mod or break var lt for false while eq gt div not null continue else and ne true le if ge return _errors do function empty size'.split(' '),
);

export function normaliseSourceType(raw: string): SourceType | undefined {
  const t = raw.trim().toUpperCase();
  if (t === 'ATTRIBUTE' || t === 'EXPRESSION' || t === 'STATIC') return t;
  // Stored mapping sets report `text/x.schema-path` for plain attributes (§5.4 "Stored and legacy fields").
  if (t === 'TEXT/X.SCHEMA-PATH') return 'ATTRIBUTE';
  // Users coming from other tools write CONSTANT; AEP calls it STATIC (§5.4).
  if (t === 'CONSTANT') return 'STATIC';
  return undefined;
}
