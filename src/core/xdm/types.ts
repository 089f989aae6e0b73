/** XDM field types as AEP shows them (meta:xdmType), plus the JSON type used to validate. */
export type XdmType =
  | 'string'
  | 'number'
  | 'integer'
  | 'long'
  | 'int'
  | 'short'
  | 'byte'
  | 'double'
  | 'boolean'
  | 'date-time'
  | 'date'
  | 'object'
  | 'array'
  | 'map';

/** One schema node after `$ref`/`allOf` resolution; property names are in Platform JSON form (`_id`, not `@id`). */
export interface XdmNode {
  type?: string | string[];
  'meta:xdmType'?: string;
  'meta:xdmField'?: string;
  'meta:enum'?: Record<string, string>;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  title?: string;
  description?: string;
  properties?: Record<string, XdmNode>;
  additionalProperties?: boolean | XdmNode;
  items?: XdmNode;
  required?: string[];
  default?: unknown;
  [k: string]: unknown;
}

export interface XdmField {
  /** `identityMap.*[*].id` style: `*` for any map key, `[*]` for array items. */
  path: string;
  name: string;
  xdmType: XdmType;
  format?: string;
  /** JSON Schema `enum` (validated). */
  enum?: unknown[];
  /** `meta:enum` suggestions: value → label. Extensible, so never validated (aep-streaming-and-dataprep.md §6.3). */
  metaEnum?: Record<string, string>;
  required: boolean;
  title?: string;
  description?: string;
  /** XDM name (`xdm:timestamp`, `@id`) from meta:xdmField. */
  xdmField?: string;
  node: XdmNode;
}

/** One validation failure in AEP's `_streamingValidation` vocabulary (aep-streaming-and-dataprep.md §1.3). */
export interface XdmIssue {
  schemaLocation: string;
  pointerToViolation: string;
  causingExceptions: XdmIssue[];
  keyword: string;
  message: string;
}

export interface XdmSchemaProblem {
  code: 'xdm.cyclic-ref' | 'xdm.unresolved-ref' | 'xdm.too-large';
  message: string;
  ref: string;
}

export interface XdmSchema {
  id?: string;
  title?: string;
  /** Tenant namespace with its underscore, e.g. `_acmemoe`. */
  tenant?: string;
  /** `xed-full` when fields came resolved, `raw` when `$ref`/`allOf` were resolved here. */
  form: 'xed-full' | 'raw';
  root: XdmNode;
  fields: Map<string, XdmField>;
  problems: XdmSchemaProblem[];
  findField(path: string): XdmField | undefined;
  /** Closest known field paths to a path that is not in the schema, best first. */
  suggest(path: string, max?: number): string[];
  validate(entity: unknown, opts?: { maxErrors?: number }): XdmIssue[];
}
