/** The Data Prep expression language: parse, compile to closures, evaluate, plus the function catalog. */
export type {
  ExprError,
  FieldRef,
  CallRef,
  EvalContext,
  CompiledExpression,
  FunctionInfo,
  Availability,
} from './types';
export { DataPrepEvalError } from './types';
export type { Node } from './ast';
export { parseExpression } from './parser';
export { compileExpression } from './compile';
export { parseFieldPath, resolveFieldPath } from './fieldPath';
export { functionCatalog } from './functions/catalog';
export { toXdmValue } from './values';
export { ZonedDateTime } from './dates/zonedDateTime';
