import type { ZodTypeAny } from 'zod';
import { integrationFileSchema, jsonSchemaHints } from './profile';

type Json = { [k: string]: unknown };

/**
 * A tiny zod → JSON Schema (draft-07) converter for exactly the constructs the profile uses, so the
 * schema VS Code's JSON service applies to `moengage-aep.json` (package.json `jsonValidation`) can
 * never drift from the zod definition. `patternErrorMessage` is VS Code's extension keyword: the
 * editor then shows our plain-words message instead of "String does not match the pattern".
 * Unsupported constructs throw so a new construct cannot be silently dropped.
 */
export function zodToJsonSchema(schema: ZodTypeAny): Json {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const def = schema._def as any;
  const out: Json = {};
  const describe = (j: Json): Json => (def.description ? { description: def.description, ...j } : j);
  switch (def.typeName) {
    case 'ZodEffects': {
      const inner = withDescription(zodToJsonSchema(def.schema), def.description);
      const hint = jsonSchemaHints.get(schema);
      return hint ? { ...inner, ...hint } : inner;
    }
    case 'ZodOptional':
      return withDescription(zodToJsonSchema(def.innerType), def.description);
    case 'ZodString': {
      out.type = 'string';
      for (const c of def.checks as { kind: string; value?: number; regex?: RegExp; message?: string }[]) {
        if (c.kind === 'regex' && c.regex) {
          if (out.pattern) throw new Error('only one regex per string is supported');
          out.pattern = c.regex.source;
          if (c.message) out.patternErrorMessage = c.message;
        } else if (c.kind === 'min') out.minLength = c.value;
        else if (c.kind === 'url') out.format = 'uri';
        else if (c.kind === 'datetime') out.format = 'date-time';
        else if (c.kind === 'trim') continue;
        else throw new Error(`unsupported string check ${c.kind}`);
      }
      return describe(out);
    }
    case 'ZodEnum':
      return describe({ type: 'string', enum: [...def.values] });
    case 'ZodArray':
      out.type = 'array';
      out.items = zodToJsonSchema(def.type);
      if (def.minLength) out.minItems = def.minLength.value;
      return describe(out);
    case 'ZodRecord': {
      const keys = zodToJsonSchema(def.keyType);
      out.type = 'object';
      if (keys.pattern) out.propertyNames = { pattern: keys.pattern };
      out.additionalProperties = zodToJsonSchema(def.valueType);
      return describe(out);
    }
    case 'ZodObject': {
      const shape = def.shape() as Record<string, ZodTypeAny>;
      const properties: Json = {};
      const required: string[] = [];
      for (const [k, v] of Object.entries(shape)) {
        properties[k] = zodToJsonSchema(v);
        if (!v.isOptional()) required.push(k);
      }
      out.type = 'object';
      out.properties = properties;
      if (required.length) out.required = required;
      if (def.unknownKeys === 'strict') out.additionalProperties = false;
      return describe(out);
    }
    default:
      throw new Error(`zodToJsonSchema: unsupported ${def.typeName}`);
  }
}

function withDescription(j: Json, description?: string): Json {
  return description ? { description, ...j } : j;
}

/** The committed `schemas/moengage-aep.schema.json`, byte for byte (scripts/gen-profile-schema.mjs writes it). */
export function integrationFileJsonSchemaText(): string {
  const body = zodToJsonSchema(integrationFileSchema);
  const doc = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://moe-aep.invalid/schemas/moengage-aep.schema.json',
    title: 'MoEngage → AEP integration details (moengage-aep.json)',
    description:
      'Generated from src/core/handoff/profile.ts by scripts/gen-profile-schema.mjs; do not edit by hand. The OAuth client secret never belongs here.',
    ...body,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
