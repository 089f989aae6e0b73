import { isNull, newObject, setKey, toBool, toStr, FnError } from '../values';
import { fn, type FunctionDef } from './types';

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ftp: 21, sftp: 22, ssh: 22, ws: 80, wss: 443 };

function parseUrl(v: unknown): URL | null {
  if (isNull(v)) return null;
  try {
    const u = new URL(toStr(v));
    return u;
  } catch {
    return null; // §5.2: the URL functions return null for invalid input
  }
}

/** Java URLEncoder: everything but A-Z a-z 0-9 . - * _ is percent-encoded as UTF-8, space becomes '+'. */
export function javaUrlEncode(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+')
    .replace(/%2A/g, '*');
}

function queryMap(u: URL, anchor: string): Record<string, unknown> {
  const out = newObject();
  const raw = u.search.replace(/^\?/, '');
  const frag = u.hash.replace(/^#/, '');
  const pairs = raw === '' ? [] : raw.split('&');
  pairs.forEach((p, i) => {
    const eq = p.indexOf('=');
    const k = decodeURIComponent(eq < 0 ? p : p.slice(0, eq));
    let v = eq < 0 ? '' : p.slice(eq + 1);
    if (anchor === 'retain' && i === pairs.length - 1 && frag) v += '#' + frag;
    setKey(out, k, safeDecode(v));
  });
  if (anchor === 'append' && frag) setKey(out, '_anchor_', frag);
  return out;
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return v;
  }
}

const C = 'URL';
export const urlFunctions: FunctionDef[] = [
  fn('get_url_protocol', C, [1, 1], ['get_url_protocol(URL)'], 'String', 'The scheme (e.g. "https"); null for an invalid URL.', (a) => parseUrl(a[0])?.protocol.replace(/:$/, '') ?? null),
  fn('get_url_host', C, [1, 1], ['get_url_host(URL)'], 'String', 'The host name; null for an invalid URL.', (a) => {
    const u = parseUrl(a[0]);
    return u && u.hostname ? u.hostname : null;
  }),
  fn('get_url_port', C, [1, 1], ['get_url_port(URL)'], 'Integer', "The port, or the scheme's default port (http 80, https 443, ftp 21, sftp 22); null for an invalid URL or unknown default.", (a) => {
    const u = parseUrl(a[0]);
    if (!u) return null;
    if (u.port) return Number(u.port);
    return DEFAULT_PORTS[u.protocol.replace(/:$/, '')] ?? null;
  }),
  fn('get_url_path', C, [1, 2], ['get_url_path(URL)', 'get_url_path(URL, FULL_PATH)'], 'String', 'The path; with FULL_PATH true, also the query and fragment.', (a) => {
    const u = parseUrl(a[0]);
    if (!u) return null;
    return toBool(a[1]) ? u.pathname + u.search + u.hash : u.pathname;
  }),
  fn('get_url_query_str', C, [2, 2], ['get_url_query_str(URL, ANCHOR)'], 'Map', 'The query parameters as a map. ANCHOR "retain" keeps the #fragment on the last value, "remove" drops it, "append" adds it as _anchor_.', (a) => {
    const u = parseUrl(a[0]);
    if (!u) return null;
    const anchor = toStr(a[1]).toLowerCase();
    if (anchor !== 'retain' && anchor !== 'remove' && anchor !== 'append') throw new FnError(`get_url_query_str ANCHOR must be "retain", "remove" or "append", got "${toStr(a[1])}"`);
    return queryMap(u, anchor);
  }),
  fn('get_url_encoded', C, [1, 1], ['get_url_encoded(URL)'], 'String', 'Percent-encodes the text as Java URLEncoder does (space → +).', (a) => (isNull(a[0]) ? null : javaUrlEncode(toStr(a[0])))),
  fn('get_url_decoded', C, [1, 1], ['get_url_decoded(URL)'], 'String', 'Decodes percent-encoding (+ → space).', (a) => {
    if (isNull(a[0])) return null;
    try {
      return decodeURIComponent(toStr(a[0]).replace(/\+/g, ' '));
    } catch {
      throw new FnError(`get_url_decoded: "${toStr(a[0]).slice(0, 60)}" has an invalid %-escape`);
    }
  }),
];
