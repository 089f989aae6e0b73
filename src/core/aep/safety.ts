import { AepRefusal } from './types';

/** Hosts that legitimately receive an IMS bearer token: DCS, Platform and IMS (§1.1, §4). */
const ADOBE_SUFFIXES = ['.adobe.io', '.adobedc.net', '.adobelogin.com'];

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return !!m && m.slice(1).every((p) => Number(p) <= 255) && Number(m[1]) === 127;
}

export function isAdobeHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return ADOBE_SUFFIXES.some((s) => h.endsWith(s) || h === s.slice(1));
}

/** Parses a URL we are about to send data to; plain http is only for the local emulator. */
export function checkUrl(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AepRefusal(`${what} "${raw}" is not a valid URL; use e.g. https://dcs.adobedc.net/collection/<inletId>`, 'aep.bad-endpoint');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AepRefusal(`${what} must be an https:// URL, not ${url.protocol}`, 'aep.bad-endpoint');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new AepRefusal(
      `refusing to send over plain http:// to ${url.hostname}: events and tokens would travel unencrypted; use https:// (http:// is allowed only for loopback, e.g. the local emulator)`,
      'aep.insecure-url',
    );
  }
  if (url.username || url.password) {
    throw new AepRefusal(`${what} must not contain user:password; credentials come from the IMS configuration`, 'aep.bad-endpoint');
  }
  return url;
}

/** A bearer token is a 24 h key to the org (§4): only Adobe, loopback or hosts the user listed may see it. */
export function checkBearerHost(url: URL, allow: readonly string[] = []): void {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isAdobeHost(host) || isLoopbackHost(host)) return;
  if (allow.some((a) => a.toLowerCase().replace(/\.$/, '') === host)) return;
  throw new AepRefusal(
    `refusing to send your IMS access token to ${host}: it is not an Adobe host (*.adobe.io, *.adobedc.net, *.adobelogin.com) or loopback; add it to moeAep.allowBearerToHosts if you trust it`,
    'aep.bearer-host',
  );
}
