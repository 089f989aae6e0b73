import { forEachMember } from '../json/skip';

/** An edit by offsets relative to the text it was computed on (an event, or the whole file). */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export interface OffsetFix {
  title: string;
  edits: OffsetEdit[];
  preferred?: boolean;
}

/**
 * Inserts members at the top of the object at `objStart`, copying the indentation of its first
 * member so the quick fix looks hand-written in pretty and in single-line JSON alike.
 */
export function insertMembers(text: string, objStart: number, members: [key: string, json: string][]): OffsetEdit {
  let first: number | undefined;
  forEachMember(text, objStart, (_k, m) => {
    first = m.keyStart;
    return true;
  });
  const pairs = members.map(([k, v]) => `${JSON.stringify(k)}: ${v}`);
  if (first === undefined) return { start: objStart + 1, end: objStart + 1, newText: pairs.join(', ') };
  const ws = text.slice(objStart + 1, first);
  return { start: objStart + 1, end: objStart + 1, newText: pairs.map((p) => `${ws}${p},`).join('') };
}
