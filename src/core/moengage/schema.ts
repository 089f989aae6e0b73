import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import payloadSchema from '../../../schemas/moengage-payload.schema.json';

/**
 * The payload JSON Schema is the one file VS Code's JSON service reads (`jsonValidation`) and ajv
 * compiles here, so hover text and CLI errors never disagree. Compiled once per process, lazily,
 * and per event definition so each event is checked on its own (the incremental path needs that).
 */
export type SchemaPart = 'streamsEvent' | 'flatEvent' | 'batchHeader';

let compiled: Record<SchemaPart, ValidateFunction> | undefined;

function validators(): Record<SchemaPart, ValidateFunction> {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(payloadSchema as object, 'payload');
    const get = (name: SchemaPart) => {
      const v = ajv.getSchema(`payload#/definitions/${name}`);
      if (!v) throw new Error(`payload schema has no definition ${name}`);
      return v;
    };
    compiled = { streamsEvent: get('streamsEvent'), flatEvent: get('flatEvent'), batchHeader: get('batchHeader') };
  }
  return compiled;
}

export function schemaErrors(part: SchemaPart, value: unknown): ErrorObject[] {
  const v = validators()[part];
  return v(value) ? [] : (v.errors ?? []);
}

/** Short property help from the schema, reused in messages ("what it is" next to "what to do"). */
export function propertyDescription(name: string): string | undefined {
  const defs = (payloadSchema as { definitions: Record<string, { properties?: Record<string, { description?: string }> }> }).definitions;
  for (const d of ['flatEvent', 'streamsEvent', 'envelope', 'batch'])
    if (defs[d].properties?.[name]?.description) return defs[d].properties![name].description;
  return undefined;
}

export { payloadSchema };
