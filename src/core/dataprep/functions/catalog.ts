import type { FunctionInfo } from '../types';
import { arrayFunctions, aggregationFunctions, logicalFunctions } from './arrays';
import { conversionFunctions } from './conversion';
import { dateFunctions } from './dates';
import { hashingFunctions } from './hashing';
import { jexlFunctions } from './jexl';
import { objectFunctions } from './objects';
import { regexFunctions, stringFunctions } from './strings';
import type { FunctionDef } from './types';
import { unavailableFunctions } from './unavailable';
import { urlFunctions } from './url';
import { userAgentFunctions } from './userAgent';

const ALL: FunctionDef[] = [
  ...stringFunctions,
  ...regexFunctions,
  ...hashingFunctions,
  ...urlFunctions,
  ...dateFunctions,
  ...objectFunctions,
  ...arrayFunctions,
  ...logicalFunctions,
  ...aggregationFunctions,
  ...conversionFunctions,
  ...userAgentFunctions,
  ...unavailableFunctions,
  ...jexlFunctions,
];

/** Every function by name AND by alias (lcase → lower's definition). */
export const functionDefs: ReadonlyMap<string, FunctionDef> = (() => {
  const m = new Map<string, FunctionDef>();
  for (const d of ALL) {
    m.set(d.info.name, d);
    for (const a of d.info.aliases ?? []) m.set(a, d);
  }
  return m;
})();

/**
 * The function library for completion, hover and signature help. Keyed by name and by alias;
 * an alias maps to the canonical entry (`info.name !== key`), so list completions with
 * `[...functionCatalog].filter(([k, i]) => k === i.name)` to show each function once.
 */
export const functionCatalog: ReadonlyMap<string, FunctionInfo> = new Map([...functionDefs].map(([k, d]) => [k, d.info]));

export function isFunctionName(name: string): boolean {
  return functionDefs.has(name);
}

/** Closest known names by edit distance, for "did you mean". */
export function suggestFunctions(name: string, max = 3): string[] {
  const lower = name.toLowerCase();
  const scored: [string, number][] = [];
  for (const k of functionDefs.keys()) {
    const d = editDistance(lower, k.toLowerCase());
    const limit = Math.max(1, Math.floor(Math.max(name.length, k.length) / 3));
    if (d <= limit || (lower.length >= 3 && k.toLowerCase().includes(lower))) scored.push([k, d]);
  }
  return scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).slice(0, max).map((s) => s[0]);
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 5) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
