import { isNull, toStr } from '../values';
import { fn, type FunctionDef } from './types';

/**
 * A small, honest user-agent parser for the ua_* functions (§5.2 User agent). AEP's exact
 * outputs are not in our references; the field shapes follow the YAUAA analyzer's names
 * (e.g. ua_os_version_major → "iOS 5") [INFERENCE]. Anything not recognised is null, never a guess.
 */
export interface UserAgentInfo {
  osName: string | null;
  osVersion: string | null;
  agentName: string | null;
  agentVersion: string | null;
  deviceClass: string | null;
}

const WINDOWS: Record<string, string> = { '10.0': '10', '6.3': '8.1', '6.2': '8', '6.1': '7', '6.0': 'Vista', '5.1': 'XP', '5.2': 'XP' };

const cache = new Map<string, UserAgentInfo>();

export function parseUserAgent(ua: string): UserAgentInfo {
  const hit = cache.get(ua);
  if (hit) return hit;
  const r: UserAgentInfo = { osName: null, osVersion: null, agentName: null, agentVersion: null, deviceClass: null };
  let m: RegExpExecArray | null;
  const s = ua.slice(0, 2048);

  if ((m = /\b(Googlebot|bingbot|DuckDuckBot|YandexBot|Baiduspider|facebookexternalhit|Twitterbot)\/?([\d.]+)?/i.exec(s))) {
    r.agentName = m[1];
    r.agentVersion = m[2] ?? null;
    r.deviceClass = 'Robot';
  }
  if ((m = /\((?:iPhone|iPod)[^)]*?OS (\d+(?:_\d+)*)/.exec(s))) {
    r.osName = 'iOS';
    r.osVersion = m[1].replace(/_/g, '.');
    r.deviceClass ??= 'Phone';
  } else if ((m = /\(iPad[^)]*?OS (\d+(?:_\d+)*)/.exec(s))) {
    r.osName = 'iOS';
    r.osVersion = m[1].replace(/_/g, '.');
    r.deviceClass ??= 'Tablet';
  } else if ((m = /Android[ /]?(\d+(?:\.\d+)*)?/.exec(s))) {
    r.osName = 'Android';
    r.osVersion = m[1] ?? null;
    r.deviceClass ??= /Mobile/.test(s) ? 'Phone' : 'Tablet';
  } else if ((m = /Windows NT (\d+\.\d+)/.exec(s))) {
    r.osName = 'Windows NT';
    r.osVersion = WINDOWS[m[1]] ?? m[1];
    r.deviceClass ??= 'Desktop';
  } else if ((m = /Mac OS X (\d+(?:[._]\d+)*)/.exec(s))) {
    r.osName = 'Mac OS X';
    r.osVersion = m[1].replace(/_/g, '.');
    r.deviceClass ??= 'Desktop';
  } else if ((m = /CrOS \S+ (\d+(?:\.\d+)*)/.exec(s))) {
    r.osName = 'Chrome OS';
    r.osVersion = m[1];
    r.deviceClass ??= 'Desktop';
  } else if (/Linux/.test(s)) {
    r.osName = 'Linux';
    r.deviceClass ??= 'Desktop';
  }

  if (!r.agentName) {
    const agents: [RegExp, string][] = [
      [/\bEdg(?:e|A|iOS)?\/([\d.]+)/, 'Edge'],
      [/\bOPR\/([\d.]+)/, 'Opera'],
      [/\bSamsungBrowser\/([\d.]+)/, 'Samsung Internet'],
      [/\b(?:Firefox|FxiOS)\/([\d.]+)/, 'Firefox'],
      [/\b(?:Chrome|CriOS)\/([\d.]+)/, 'Chrome'],
      [/\bVersion\/([\d.]+).*Safari\//, 'Safari'],
      [/\bMSIE ([\d.]+)/, 'Internet Explorer'],
      [/\bTrident\/.*rv:([\d.]+)/, 'Internet Explorer'],
    ];
    for (const [re, name] of agents) {
      if ((m = re.exec(s))) {
        r.agentName = name;
        r.agentVersion = m[1];
        break;
      }
    }
  }
  if (cache.size > 1000) cache.clear();
  cache.set(ua, r);
  return r;
}

const major = (v: string | null): string | null => (v ? v.split('.')[0] : null);
const join = (a: string | null, b: string | null): string | null => (a && b ? `${a} ${b}` : null);

function ua(f: (u: UserAgentInfo) => string | null) {
  return (a: unknown[]): unknown => (isNull(a[0]) ? null : f(parseUserAgent(toStr(a[0]))));
}

const C = 'User agent';
const sig = (n: string): string[] => [`${n}(USER_AGENT)`];
export const userAgentFunctions: FunctionDef[] = [
  fn('ua_os_name', C, [1, 1], sig('ua_os_name'), 'String', 'Operating system name, e.g. "iOS".', ua((u) => u.osName)),
  fn('ua_os_version_major', C, [1, 1], sig('ua_os_version_major'), 'String', 'OS name and major version, e.g. "iOS 5".', ua((u) => join(u.osName, major(u.osVersion)))),
  fn('ua_os_version', C, [1, 1], sig('ua_os_version'), 'String', 'OS version, e.g. "5.1.1".', ua((u) => u.osVersion)),
  fn('ua_os_name_version', C, [1, 1], sig('ua_os_name_version'), 'String', 'OS name and version, e.g. "iOS 5.1.1".', ua((u) => join(u.osName, u.osVersion))),
  fn('ua_agent_version', C, [1, 1], sig('ua_agent_version'), 'String', 'Browser version, e.g. "5.1".', ua((u) => u.agentVersion)),
  fn('ua_agent_version_major', C, [1, 1], sig('ua_agent_version_major'), 'String', 'Browser name and major version, e.g. "Safari 5".', ua((u) => join(u.agentName, major(u.agentVersion)))),
  fn('ua_agent_name', C, [1, 1], sig('ua_agent_name'), 'String', 'Browser name, e.g. "Safari".', ua((u) => u.agentName)),
  fn('ua_device_class', C, [1, 1], sig('ua_device_class'), 'String', 'Device class: Desktop, Phone, Tablet or Robot.', ua((u) => u.deviceClass)),
];
