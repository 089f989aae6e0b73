/**
 * Planted credentials for the secret-leak tests. Every issued token carries one fixed core string in
 * its middle, so a leak of any token — whole, cut or re-encoded in a URL — is found by one grep.
 */
export const PLANTED_SECRET = 'p7-CLIENT-SECRET-5a1f0c9e4d2b8a67';
export const TOKEN_CORE = 'TOKENCORE9f8e7d6c5b4a';
/** A fresh factory per emulator, so token N of a run is predictable (echo tests quote tokens 1 and 2). */
export function plantedTokenFactory(): () => string {
  let n = 0;
  return () => `eyJhbGciOi.${++n}x${TOKEN_CORE}x${n}.sig`;
}

export interface Leak {
  where: string;
  what: string;
  context: string;
}

/** Finds the secret or a token core in a text, also in URL- and JSON-escaped forms. */
export function findLeaks(where: string, text: string): Leak[] {
  const out: Leak[] = [];
  const needles: [string, string][] = [
    ['client secret', PLANTED_SECRET],
    ['access token', TOKEN_CORE],
    ['client secret (base64)', Buffer.from(PLANTED_SECRET).toString('base64').slice(0, 24)],
  ];
  for (const [what, needle] of needles) {
    for (const form of new Set([needle, encodeURIComponent(needle)])) {
      const i = text.indexOf(form);
      if (i >= 0) out.push({ where, what, context: text.slice(Math.max(0, i - 120), i + form.length + 40) });
    }
  }
  return out;
}

export function formatLeaks(leaks: Leak[]): string {
  return leaks.map((l) => `${l.what} in ${l.where}: …${l.context}…`).join('\n');
}
