/** XDM schemas: load (xed-full or raw with $refs), index fields, validate in AEP's vocabulary. */
export type { XdmSchema, XdmField, XdmIssue, XdmNode, XdmType, XdmSchemaProblem } from './types';
export { loadXdmSchema, xdmTypeOf, fieldKey, type LoadXdmOptions } from './load';
export type { ReadRef } from './resolve';
export { readRefFromDirectory } from './refs';
export { isXdmDateTime, isXdmDate, XDM_DATE_TIME_EXPECTED } from './validate';
export { streamingValidationReport } from './report';
