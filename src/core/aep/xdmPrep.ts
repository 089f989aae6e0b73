import { applyMapping, compileMapping, readMappingDocument, transformPayload, type CompiledMapping } from '../mapping';
import { asRecord } from '../mapping/payload';
import { loadXdmSchema, type XdmSchema } from '../xdm';
import { InputError } from '../diagnostics';
import { flattenCauses } from './responses';
import type { ValidationCause } from './types';

/**
 * Turning payload events into XDM entities before an XDM-inlet send: the mapping engine and the
 * schema validator, compiled once. Kept apart from the client so plain raw sends never load them.
 */
export interface XdmPrep {
  /** The schema `$id`, used as `schemaRef.id` (§2.1). */
  schemaId?: string;
  /** Event index → mapped XDM and local schema issues, for one payload file; undefined without a mapping. */
  transform(text: string): Map<number, { xdm: unknown; issues: ValidationCause[] }> | undefined;
  /**
   * One event → XDM and local schema issues, for streamed NDJSON (a line's object is the record, a
   * non-object line `{ value }`, as in `splitPayload`); undefined without a mapping.
   */
  map?: (record: unknown) => { xdm: unknown; issues: ValidationCause[] };
  /** Local schema check of an entity that is XDM already (no mapping); [] without a schema. */
  validate(entity: unknown): ValidationCause[];
}

/** Throws InputError when the mapping or schema cannot be read. */
export function prepareXdm(mapping?: { text: string; fileName: string }, schemaIn?: { text: string; fileName: string }): XdmPrep {
  const schema: XdmSchema | undefined = schemaIn ? loadXdmSchema(schemaIn.text, { fileName: schemaIn.fileName }) : undefined;
  let compiled: CompiledMapping | undefined;
  if (mapping) {
    const doc = readMappingDocument(mapping.text, mapping.fileName);
    const bad = doc.problems.find((p) => p.severity === 'error');
    if (bad) throw new InputError(`${mapping.fileName}:${bad.range.start.line + 1}:${bad.range.start.character + 1} ${bad.message}`, bad.code, bad.range);
    // Compiled once for every file and event of the send.
    compiled = compileMapping(doc, { schema });
  }
  const effective = schema ?? compiled?.schema;
  return {
    schemaId: schema?.id,
    transform(text) {
      if (!compiled) return undefined;
      const r = transformPayload(text, compiled, schema);
      return new Map(r.events.map((e) => [e.index, { xdm: e.xdm, issues: flattenCauses(e.issues) }]));
    },
    map: compiled
      ? (record) => {
          const { xdm } = applyMapping(compiled!, asRecord(record));
          return { xdm, issues: effective ? flattenCauses(effective.validate(xdm)) : [] };
        }
      : undefined,
    validate: (entity) => (schema ? flattenCauses(schema.validate(entity, { maxErrors: 5 })) : []),
  };
}
