import { getLocation, parseTree, findNodeAtOffset } from './jsonc';
import { parseCsv } from './csv';
import { cellSpan, headerColumn } from './readCsv';
import { spanOffset, type TextSpan } from './types';

export type MappingColumn = 'source' | 'destination' | 'sourceType' | 'other';

export interface CellAtCursor {
  column: MappingColumn;
  value: string;
  /** Cursor position inside `value`. */
  valueIndex: number;
  span: TextSpan;
  /** The row's sourceType cell, when the file has one (ATTRIBUTE/EXPRESSION/STATIC). */
  sourceType?: string;
}


/** Which mapping cell the editor cursor is in, for completion, hover and signature help. */
export function mappingCellAt(text: string, fileName: string, offset: number): CellAtCursor | undefined {
  return /\.json$/i.test(fileName) ? jsonCellAt(text, offset) : csvCellAt(text, offset);
}

function csvCellAt(text: string, offset: number): CellAtCursor | undefined {
  const { records } = parseCsv(text);
  if (records.length < 2) return undefined;
  const header = records[0].cells.map((c): MappingColumn => {
    const col = headerColumn(c.value);
    return col === 'source' || col === 'destination' || col === 'sourceType' ? col : 'other';
  });
  const typeCol = header.indexOf('sourceType');
  for (let r = 1; r < records.length; r++) {
    const rec = records[r];
    if (offset < rec.start || offset > rec.end) continue;
    for (let k = 0; k < rec.cells.length; k++) {
      const cell = rec.cells[k];
      if (offset < cell.start || offset > cell.end) continue;
      const span = cellSpan(cell);
      return { column: header[k] ?? 'other', value: cell.value, valueIndex: valueIndexAt(span, offset, cell.value.length), span, sourceType: typeCol >= 0 ? rec.cells[typeCol]?.value.trim() : undefined };
    }
  }
  // A new, still empty row: the cursor sits after the last record or on a blank line.
  return undefined;
}

function jsonCellAt(text: string, offset: number): CellAtCursor | undefined {
  const loc = getLocation(text, offset);
  if (loc.isAtPropertyKey) return undefined;
  const last = loc.path[loc.path.length - 1];
  const column: MappingColumn | undefined = last === 'source' || last === 'sourceAttribute' ? 'source' : last === 'destination' || last === 'destinationXdmPath' ? 'destination' : last === 'sourceType' ? 'sourceType' : undefined;
  if (!column) return undefined;
  const root = parseTree(text);
  const node = root && findNodeAtOffset(root, offset);
  if (!node || node.type !== 'string') return undefined;
  const contentStart = node.offset + 1;
  const escapes: Array<[number, number]> = [];
  let vi = 0;
  for (let i = contentStart; i < node.offset + node.length - 1; i++) {
    if (text[i] === '\\') {
      const extra = text[i + 1] === 'u' ? 5 : 1;
      escapes.push([vi, extra]);
      i += extra;
    }
    vi++;
  }
  const span: TextSpan = { start: node.offset, end: node.offset + node.length, contentStart, escapes };
  const value = node.value as string;
  let sourceType: string | undefined;
  const obj = node.parent?.parent;
  for (const p of obj?.children ?? []) if (p.children?.[0]?.value === 'sourceType') sourceType = String(p.children?.[1]?.value ?? '');
  return { column, value, valueIndex: valueIndexAt(span, offset, value.length), span, sourceType };
}

function valueIndexAt(span: TextSpan, offset: number, length: number): number {
  for (let i = 0; i <= length; i++) if (spanOffset(span, i) >= offset) return i;
  return length;
}

/** The innermost call around `index` in an expression: function name and which argument the cursor is in. */
export function callAt(expr: string, index: number): { name: string; argIndex: number; nameStart: number } | undefined {
  const stack: Array<{ name: string; args: number; nameStart: number } | null> = [];
  for (let i = 0; i < Math.min(index, expr.length); i++) {
    const c = expr[i];
    if (c === '"' || c === "'") {
      for (i++; i < index && expr[i] !== c; i++) if (expr[i] === '\\') i++;
    } else if (c === '(') {
      const m = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(expr.slice(0, i));
      stack.push(m ? { name: m[1], args: 0, nameStart: i - m[0].length } : null);
    } else if (c === ')') stack.pop();
    else if (c === '[') stack.push(null);
    else if (c === ']') stack.pop();
    else if (c === ',' && stack.length && stack[stack.length - 1]) stack[stack.length - 1]!.args++;
  }
  // Grouping parentheses and array literals are not calls: the help belongs to the call around them.
  for (let k = stack.length - 1; k >= 0; k--) {
    const s = stack[k];
    if (s) return { name: s.name, argIndex: s.args, nameStart: s.nameStart };
  }
  return undefined;
}

/** The identifier or field path touching `index` (for hover): `event_attributes.campaign_id`, `dformat`. */
export function wordAt(expr: string, index: number): { text: string; start: number; end: number; isCall: boolean } | undefined {
  const re = /\$\{[^}]*\}|[A-Za-z_$@][\w$@]*(?:(?:\\\.|\.)[A-Za-z_$@][\w$@]*|\[(?:\d+|\*)\])*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(expr))) {
    if (index >= m.index && index <= m.index + m[0].length) {
      const after = expr.slice(m.index + m[0].length);
      return { text: m[0], start: m.index, end: m.index + m[0].length, isCall: /^\s*\(/.test(after) };
    }
    if (m.index > index) break;
  }
  return undefined;
}
