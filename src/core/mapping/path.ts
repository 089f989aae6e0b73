/**
 * Source/destination paths of a mapping row (aep-streaming-and-dataprep.md §5.4 "Path syntax"):
 * dot-separated names, `[n]` indexes, `[*]` wildcards, `\.` for a literal dot and `${…}` for
 * names that are not identifiers (§5.1). Parsed once per mapping row, never per event.
 */
export type PathSegment = { kind: 'key'; name: string } | { kind: 'index'; index: number } | { kind: 'all' };

export interface ParsedPath {
  segments: PathSegment[];
  /** Offset (into the path text) and message of the first syntax problem, if any. */
  error?: { message: string; start: number; end: number };
}

export function parsePath(text: string): ParsedPath {
  const segments: PathSegment[] = [];
  let i = 0;
  const n = text.length;
  const fail = (message: string, start: number, end = start + 1): ParsedPath => ({
    segments,
    error: { message, start, end: Math.min(Math.max(end, start + 1), Math.max(n, start + 1)) },
  });
  if (n === 0) return { segments, error: { message: 'The path is empty.', start: 0, end: 0 } };
  let expectName = true;
  while (i < n) {
    const c = text[i];
    if (c === '[') {
      if (expectName && segments.length === 0) return fail('A path cannot start with `[`; name the field first.', i);
      const close = text.indexOf(']', i);
      if (close < 0) return fail('`[` is never closed; write `[0]` or `[*]`.', i);
      const inner = text.slice(i + 1, close).trim();
      if (inner === '*') segments.push({ kind: 'all' });
      else if (/^\d+$/.test(inner)) segments.push({ kind: 'index', index: Number(inner) });
      else return fail(`\`[${inner}]\` is not an array index; use a number like \`[0]\` or \`[*]\`.`, i, close + 1);
      i = close + 1;
      expectName = false;
      continue;
    }
    if (c === '.') {
      if (expectName) return fail('Empty name in the path (two dots in a row, or a leading dot).', i);
      expectName = true;
      i++;
      continue;
    }
    if (!expectName) return fail('Expected `.` or `[` after a name or index.', i);
    if (c === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close < 0) return fail('`${` is never closed with `}`.', i, i + 2);
      // `${a.b}` is still the nested path a → b; only `\.` is a literal dot (home.md via §5.1).
      for (const part of text.slice(i + 2, close).split(/(?<!\\)\./)) segments.push({ kind: 'key', name: unescapeDots(part) });
      i = close + 1;
      expectName = false;
      continue;
    }
    let name = '';
    const start = i;
    while (i < n) {
      const d = text[i];
      if (d === '\\' && text[i + 1] === '.') {
        name += '.';
        i += 2;
        continue;
      }
      if (d === '.' || d === '[') break;
      if (/\s/.test(d) || d === ']' || d === '"' || d === "'" || d === '(' || d === ')' || d === ',') {
        return fail(`\`${d === ' ' ? 'space' : d}\` cannot appear in a field name; wrap the name as \${…}.`, i);
      }
      name += d;
      i++;
    }
    if (name === '') return fail('Empty name in the path.', start);
    segments.push({ kind: 'key', name });
    expectName = false;
  }
  if (expectName) return fail('The path ends with a dot.', n - 1);
  return { segments };
}

function unescapeDots(s: string): string {
  return s.replace(/\\\./g, '.');
}

export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (s.kind === 'index') out += `[${s.index}]`;
    else if (s.kind === 'all') out += '[*]';
    else {
      const name = /^[A-Za-z_$@][\w$@:-]*$/.test(s.name) ? s.name : s.name.includes(' ') ? `\${${s.name}}` : s.name.replace(/\./g, '\\.');
      out += (out ? '.' : '') + name;
    }
  }
  return out;
}

/** Reads a path; a `[*]` segment yields an array of the values below it (one level per wildcard). */
export function getPath(value: unknown, segments: readonly PathSegment[], from = 0): unknown {
  let cur = value;
  for (let k = from; k < segments.length; k++) {
    if (cur === null || cur === undefined) return undefined;
    const s = segments[k];
    if (s.kind === 'key') {
      if (typeof cur !== 'object' || Array.isArray(cur)) return undefined;
      cur = (cur as Record<string, unknown>)[s.name];
    } else if (s.kind === 'index') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[s.index];
    } else {
      if (!Array.isArray(cur)) return undefined;
      return cur.map((el) => getPath(el, segments, k + 1));
    }
  }
  return cur;
}

/** `getPath` for one source path, compiled once per mapping row; plain names one or two deep need no loop. */
export function compileGetter(segments: readonly PathSegment[]): (value: unknown) => unknown {
  if (segments.length === 1 && segments[0].kind === 'key') {
    const a = segments[0].name;
    return (v) => (isPlainObject(v) ? v[a] : undefined);
  }
  if (segments.length === 2 && segments[0].kind === 'key' && segments[1].kind === 'key') {
    const a = segments[0].name;
    const b = segments[1].name;
    return (v) => {
      if (!isPlainObject(v)) return undefined;
      const o = v[a];
      return isPlainObject(o) ? o[b] : undefined;
    };
  }
  return (v) => getPath(v, segments);
}

/**
 * Writes `value` at the path, creating objects and arrays on the way. A `[*]` in the destination
 * spreads an array value element by element (`emails[*].name` → `pi[*].names`, §5.4). Objects
 * merge into an object already there, so two rows can fill one object; the object there is copied,
 * not changed, because a caller's objects may be shared (see `compileSetter` for the owned case).
 */
export function setPath(target: Record<string, unknown>, segments: readonly PathSegment[], value: unknown): void {
  if (segments.length) setAt(target, segments, 0, value, mergeCopy);
}

export type PathSetter = (target: Record<string, unknown>, value: unknown) => void;

/**
 * `setPath` for one destination, compiled once per mapping row: the per-event work is a walk over
 * prepared keys. For a target whose objects all belong to it (the XDM `applyMapping` builds per
 * event), merging mutates the object already there instead of copying it once per row.
 */
export function compileSetter(segments: readonly PathSegment[], opts: { ownedTarget?: boolean } = {}): PathSetter {
  const merge = opts.ownedTarget ? mergeInPlace : mergeCopy;
  const n = segments.length;
  if (n === 0) return () => undefined;
  if (segments.some((s) => s.kind === 'all')) return (target, value) => setAt(target, segments, 0, value, merge);
  const keys = segments.map((s) => (s.kind === 'key' ? s.name : (s as { index: number }).index));
  // Which container each step needs below it: an array when the next segment is an index.
  const arrayBelow = segments.map((_, i) => i + 1 < n && segments[i + 1].kind !== 'key');
  const last = keys[n - 1];
  // Most XDM destinations are one or two names deep (`_id`, `_tenant.field`): no loop for those.
  if (n === 1) {
    return (target, value) => {
      const t = target as Record<string | number, unknown>;
      const existing = t[last];
      t[last] = existing === undefined ? value : merge(existing, value);
    };
  }
  if (n === 2 && !arrayBelow[0]) {
    const first = keys[0];
    return (target, value) => {
      const t = target as Record<string | number, unknown>;
      let o = t[first] as Record<string | number, unknown>;
      if (!isPlainObject(o)) t[first] = o = {};
      const existing = o[last];
      o[last] = existing === undefined ? value : merge(existing, value);
    };
  }
  return (target, value) => {
    let cur = target as Record<string | number, unknown>;
    for (let i = 0; i < n - 1; i++) {
      const k = keys[i];
      let next = cur[k];
      if (arrayBelow[i] ? !Array.isArray(next) : !isPlainObject(next)) {
        next = arrayBelow[i] ? [] : {};
        cur[k] = next;
      }
      cur = next as Record<string | number, unknown>;
    }
    const existing = cur[last];
    cur[last] = existing === undefined ? value : merge(existing, value);
  };
}

type Merge = (existing: unknown, value: unknown) => unknown;

function setAt(container: Record<string, unknown> | unknown[], segments: readonly PathSegment[], k: number, value: unknown, merge: Merge): void {
  const s = segments[k];
  const last = k === segments.length - 1;
  if (s.kind === 'all') {
    if (!Array.isArray(container)) return;
    const items = Array.isArray(value) ? value : [value];
    for (let j = 0; j < items.length; j++) {
      if (items[j] === undefined || items[j] === null) continue;
      if (last) container[j] = merge(container[j], items[j]);
      else {
        const next = segments[k + 1];
        if (!isContainerFor(container[j], next)) container[j] = next.kind === 'key' ? {} : [];
        setAt(container[j] as Record<string, unknown>, segments, k + 1, items[j], merge);
      }
    }
    return;
  }
  const key: string | number = s.kind === 'key' ? s.name : s.index;
  const holder = container as Record<string | number, unknown>;
  if (last) {
    holder[key] = merge(holder[key], value);
    return;
  }
  const next = segments[k + 1];
  if (!isContainerFor(holder[key], next)) holder[key] = next.kind === 'key' ? {} : [];
  setAt(holder[key] as Record<string, unknown>, segments, k + 1, value, merge);
}

function isContainerFor(v: unknown, next: PathSegment): boolean {
  if (next.kind === 'key') return typeof v === 'object' && v !== null && !Array.isArray(v);
  return Array.isArray(v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The first row to write a child wins; later rows only add children that are missing. */
function mergeCopy(existing: unknown, value: unknown): unknown {
  if (isPlainObject(existing) && isPlainObject(value)) return mergeInPlace({ ...existing }, value);
  return value;
}

function mergeInPlace(existing: unknown, value: unknown): unknown {
  if (isPlainObject(existing) && isPlainObject(value)) {
    for (const k of Object.keys(value)) if (!(k in existing)) existing[k] = value[k];
    return existing;
  }
  return value;
}

/** JSON pointer (`#/identityMap/Email/0/id`) → path segments, numeric parts as indexes. */
export function pointerToSegments(pointer: string): PathSegment[] {
  const p = pointer.replace(/^#/, '');
  if (p === '' || p === '/') return [];
  return p
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? { kind: 'index', index: Number(part) } : { kind: 'key', name: part }) as PathSegment);
}
