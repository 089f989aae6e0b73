import { readMappingDocument, compileMapping, applyMapping } from '../core/mapping';
import { loadXdmSchema, type XdmSchema } from '../core/xdm';
import { flattenCauses } from '../core/aep/responses';
import type { TransformFn, ValidateFn } from './types';

export interface PipelineInput {
  schema?: { text: string; fileName: string };
  mapping?: { text: string; fileName: string };
}

export interface Pipeline {
  schema?: XdmSchema;
  transform?: TransformFn;
  validate?: ValidateFn;
  /** Why a mapping row cannot run (it writes nothing, like Data Prep would). */
  warnings: string[];
}


/**
 * The emulator's Data Prep + validation (§8 "xdmEntity checks"): compiled once at start-up, run per
 * message. Uses the same core engine the editor and `moe-aep transform` use. Throws InputError for
 * an unreadable schema.
 */
export function loadPipeline(input: PipelineInput): Pipeline {
  const warnings: string[] = [];
  const schema = input.schema ? loadXdmSchema(input.schema.text, { fileName: input.schema.fileName }) : undefined;
  for (const p of schema?.problems ?? []) warnings.push(`${input.schema!.fileName}: ${p.message}`);
  const out: Pipeline = { schema, warnings };
  if (input.mapping) {
    const doc = readMappingDocument(input.mapping.text, input.mapping.fileName);
    for (const p of doc.problems) if (p.severity === 'error') warnings.push(`${input.mapping.fileName}:${p.range.start.line + 1}: ${p.message}`);
    const compiled = compileMapping(doc, { schema });
    for (const e of compiled.errors) warnings.push(`${input.mapping.fileName}: ${e.message}`);
    out.transform = (record) => {
      // Data Prep keeps the row and nulls the attribute (§5.1): transform errors are not violations.
      return { xdm: applyMapping(compiled, record).xdm, errors: [] };
    };
  }
  // §1.3: "Processing of a message stops after 5 errors".
  if (schema) out.validate = (entity) => flattenCauses(schema.validate(entity, { maxErrors: 5 }));
  return out;
}
