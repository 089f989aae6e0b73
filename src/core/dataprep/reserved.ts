/**
 * Reserved words (§5.1, current page): they must be wrapped as `${name}` to be used as field names.
 * Every mapper function name is reserved too; that check uses the function catalog.
 */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'new', 'mod', 'or', 'break', 'var', 'lt', 'for', 'false', 'while', 'eq', 'gt', 'div', 'not', 'null',
  'continue', 'else', 'and', 'ne', 'true', 'le', 'if', 'ge', 'return', '_errors', 'do', 'function', 'empty', 'size',
]);

/** JEXL word operators and their symbol — JEXL, inferred: aep-streaming-and-dataprep.md §5.1 [INFERENCE]. */
export const WORD_OPERATORS: Readonly<Record<string, string>> = {
  eq: '==', ne: '!=', lt: '<', gt: '>', le: '<=', ge: '>=', and: '&&', or: '||', div: '/', mod: '%',
};
