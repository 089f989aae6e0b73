import { parseTree, printParseErrorCode, type Node, type ParseError } from './jsonc';
import type { CoreDiagnostic } from '../diagnostics';
import { LineIndex } from '../text/lineIndex';
import { inferSourceType, normaliseSourceType } from './sourceType';
import type { MappingDocument, MappingRow, TextSpan } from './types';

const KNOWN_ROW_KEYS = new Set(['sourceType', 'source', 'destination', 'name', 'description', 'sourceAttribute', 'destinationXdmPath']);

/**
 * Reads a Data Prep mapping set (aep-streaming-and-dataprep.md §5.4): `{outputSchema?, mappings:[…]}`,
 * a bare array of mappings, or the legacy `{sourceAttribute, destinationXdmPath}` rows the
 * HTTP-source tutorial still creates. Never throws; problems become `map.json-*` diagnostics.
 */
export function readMappingJson(text: string): MappingDocument {
  let lines: LineIndex | undefined;
  const at = (start: number, end: number) => (lines ??= new LineIndex(text)).range(start, end);
  const problems: CoreDiagnostic[] = [];
  const doc: MappingDocument = { format: 'json', rows: [], problems, text };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of errors.slice(0, 20)) {
    problems.push({
      range: at(e.offset, e.offset + Math.max(1, e.length)),
      severity: 'error',
      code: 'map.json-syntax',
      message: `JSON syntax error: ${printParseErrorCode(e.error)}. Fix the JSON so the mapping set can be read.`,
      source: 'moe-aep.mapping',
    });
  }
  if (!root) return doc;
  let list: Node | undefined;
  if (root.type === 'array') list = root;
  else if (root.type === 'object') {
    for (const prop of root.children ?? []) {
      const key = prop.children?.[0]?.value as string;
      const val = prop.children?.[1];
      if (!val) continue;
      if (key === 'mappings') list = val;
      else if (key === 'outputSchema') doc.outputSchema = nodeValue(val);
      else (doc.setExtra ??= {})[key] = nodeValue(val);
    }
  }
  if (!list || list.type !== 'array') {
    problems.push({
      range: at(root.offset, root.offset + 1),
      severity: 'error',
      code: 'map.json-shape',
      message: 'This is not a Data Prep mapping set: expected `{"mappings": [ … ]}` or an array of `{sourceType, source, destination}` objects.',
      source: 'moe-aep.mapping',
    });
    return doc;
  }
  for (const item of list.children ?? []) {
    if (item.type !== 'object') {
      problems.push({
        range: at(item.offset, item.offset + item.length),
        severity: 'error',
        code: 'map.json-shape',
        message: 'Each mapping must be an object with `source` and `destination`.',
        source: 'moe-aep.mapping',
      });
      continue;
    }
    const row: MappingRow = {
      index: doc.rows.length,
      sourceType: 'ATTRIBUTE',
      sourceTypeInferred: true,
      source: '',
      destination: '',
      loc: { row: { start: item.offset, end: item.offset + item.length, contentStart: item.offset } },
    };
    let rawType: { value: string; node: Node } | undefined;
    for (const prop of item.children ?? []) {
      const key = prop.children?.[0]?.value as string;
      const val = prop.children?.[1];
      if (!val) continue;
      const str = val.type === 'string' ? (val.value as string) : undefined;
      if ((key === 'source' || key === 'sourceAttribute') && str !== undefined) {
        row.source = str;
        row.loc!.source = stringSpan(text, val);
        if (key === 'sourceAttribute') (row.extra ??= {})['$legacy'] = true;
      } else if ((key === 'destination' || key === 'destinationXdmPath') && str !== undefined) {
        row.destination = str;
        row.loc!.destination = stringSpan(text, val);
      } else if (key === 'sourceType' && str !== undefined) {
        rawType = { value: str, node: val };
        row.loc!.sourceType = stringSpan(text, val);
      } else if ((key === 'name' || key === 'description') && str !== undefined) row[key] = str;
      else if (!KNOWN_ROW_KEYS.has(key) || str === undefined) (row.extra ??= {})[key] = nodeValue(val);
    }
    const t = rawType && normaliseSourceType(rawType.value);
    if (rawType && t) {
      row.sourceType = t;
      row.sourceTypeInferred = false;
    } else {
      if (rawType && rawType.value.trim() !== '') {
        problems.push({
          range: at(rawType.node.offset, rawType.node.offset + rawType.node.length),
          severity: 'error',
          code: 'map.source-type-unknown',
          message: `"${rawType.value}" is not a Data Prep source type. Use ATTRIBUTE, EXPRESSION or STATIC (aep-streaming-and-dataprep.md §5.4).`,
          source: 'moe-aep.mapping',
        });
      }
      // In JSON a STATIC needs no quotes, so only decide between ATTRIBUTE and EXPRESSION here.
      const inferred = inferSourceType(row.source);
      row.sourceType = inferred.sourceType === 'STATIC' && inferred.source !== row.source ? 'EXPRESSION' : inferred.sourceType;
    }
    if (!row.loc!.source || !row.loc!.destination) {
      problems.push({
        range: at(item.offset, item.offset + 1),
        severity: 'error',
        code: 'map.json-shape',
        message: `This mapping has no ${!row.loc!.source ? '"source"' : '"destination"'} string. Every mapping needs both.`,
        source: 'moe-aep.mapping',
      });
    }
    doc.rows.push(row);
  }
  return doc;
}

function nodeValue(n: Node): unknown {
  switch (n.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const p of n.children ?? []) if (p.children?.[1]) o[p.children[0].value as string] = nodeValue(p.children[1]);
      return o;
    }
    case 'array':
      return (n.children ?? []).map(nodeValue);
    default:
      return n.value;
  }
}

/** The span of a JSON string's value, with the extra raw width of each escape (`\n` = 1, `\u00e9` = 5). */
function stringSpan(text: string, node: Node): TextSpan {
  const contentStart = node.offset + 1;
  const end = node.offset + node.length;
  let escapes: Array<[number, number]> | undefined;
  let valueIndex = 0;
  for (let i = contentStart; i < end - 1; i++) {
    if (text.charCodeAt(i) === 92 /* \ */) {
      const extra = text[i + 1] === 'u' ? 5 : 1;
      (escapes ??= []).push([valueIndex, extra]);
      i += extra;
    }
    valueIndex++;
  }
  return { start: node.offset, end, contentStart, escapes };
}
