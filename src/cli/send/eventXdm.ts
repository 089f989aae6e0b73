import { readMappingDocument, compileMapping, applyMapping, type CompiledMapping } from '../../core/mapping';
import { loadXdmSchema, type XdmSchema } from '../../core/xdm';
import { InputError } from '../../core/diagnostics';
import { flattenCauses } from '../../core/aep/responses';
import type { ValidationCause } from '../../core/aep/types';

/**
 * One event at a time into XDM, for streamed sends: the mapping is compiled once and the schema
 * validator built once (`transformPayload` needs the whole payload text, which a streamed file never is).
 * Same results as `prepareXdm(...).transform` for an NDJSON line: the line's object is the record
 * (a non-object line is `{ value }`, like `splitPayload`).
 */
export interface EventXdm {
  schemaId?: string;
  /** undefined without a mapping: the event is XDM already. */
  map?: (record: unknown) => { xdm: unknown; issues: ValidationCause[] };
  validate(entity: unknown): ValidationCause[];
}

/** Throws InputError when the mapping or schema cannot be read (the caller turns it into exit 2). */
export function prepareEventXdm(mapping?: { text: string; fileName: string }, schemaIn?: { text: string; fileName: string }): EventXdm {
  const schema: XdmSchema | undefined = schemaIn ? loadXdmSchema(schemaIn.text, { fileName: schemaIn.fileName }) : undefined;
  let compiled: CompiledMapping | undefined;
  if (mapping) {
    const doc = readMappingDocument(mapping.text, mapping.fileName);
    const bad = doc.problems.find((p) => p.severity === 'error');
    if (bad) throw new InputError(`${mapping.fileName}:${bad.range.start.line + 1}:${bad.range.start.character + 1} ${bad.message}`, bad.code, bad.range);
    compiled = compileMapping(doc, { schema });
  }
  const effective = schema ?? compiled?.schema;
  return {
    schemaId: schema?.id,
    map: compiled
      ? (record) => {
          const { xdm } = applyMapping(compiled!, asRecord(record));
          return { xdm, issues: effective ? flattenCauses(effective.validate(xdm)) : [] };
        }
      : undefined,
    validate: (entity) => (schema ? flattenCauses(schema.validate(entity, { maxErrors: 5 })) : []),
  };
}

function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
}
