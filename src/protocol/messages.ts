import { z } from 'zod';

/**
 * Webview ⇄ extension messages, imported by both sides (a `ready` handshake first, then requests
 * with ids matched to `result` replies — the pattern of vscode-pull-request-github
 * `webviews/common/message.ts`, vscode-extension-practice.md §1e). Every message is parsed with
 * these schemas on arrival; anything malformed or unknown is dropped before it can do anything.
 *
 * The OAuth client secret travels webview → host only (`setSecret`); no host → webview message
 * has a field that could carry it (`hasSecret` is a boolean).
 */

const envName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const requestId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** Form values: strings or string lists only; the host validates them with the profile schema. */
const fieldValue = z.union([z.string().max(4096), z.array(z.string().max(256)).max(64)]);
const draft = z.record(z.string().max(64), fieldValue).refine((r) => Object.keys(r).length <= 64, 'too many fields');

export const AUTOFILL_KINDS = ['schema', 'endpoint', 'identities', 'verifiedPayload'] as const;

export const webviewToHost = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).strict(),
  z.object({ type: z.literal('save'), id: requestId, environment: envName, profile: draft }).strict(),
  z.object({ type: z.literal('validate'), id: requestId, environment: envName, profile: draft }).strict(),
  z.object({ type: z.literal('autofill'), id: requestId, environment: envName, kind: z.enum(AUTOFILL_KINDS), profile: draft }).strict(),
  z.object({ type: z.literal('testConnection'), id: requestId, environment: envName }).strict(),
  z.object({ type: z.literal('exportBundle'), id: requestId, environment: envName, includeSecret: z.boolean() }).strict(),
  z.object({ type: z.literal('setSecret'), id: requestId, environment: envName, secret: z.string().min(1).max(1024) }).strict(),
  z.object({ type: z.literal('clearSecret'), id: requestId, environment: envName }).strict(),
  z.object({ type: z.literal('selectEnvironment'), id: requestId, environment: envName }).strict(),
]);

export type WebviewToHost = z.infer<typeof webviewToHost>;
export type WebviewRequest = Exclude<WebviewToHost, { type: 'ready' }>;

export const fieldProblem = z.object({ field: z.string().optional(), message: z.string(), step: z.number().int().optional() }).strict();
export type FieldProblem = z.infer<typeof fieldProblem>;

export const themeKind = z.enum(['light', 'dark', 'high-contrast', 'high-contrast-light']);

const readinessStep = z.object({ step: z.number().int(), id: z.string(), title: z.string(), done: z.boolean() }).strict();

export const hostToWebview = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('init'),
      /** The active environment's saved values (no secret field exists in the profile schema). */
      profile: z.record(z.string(), fieldValue),
      environments: z.array(envName),
      active: envName,
      hasSecret: z.boolean(),
      theme: themeKind,
      readiness: z.array(readinessStep).optional(),
      /** Problems of the file itself (syntax, invalid values), shown above the form. */
      fileProblems: z.array(fieldProblem).optional(),
      trusted: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('result'),
      id: requestId,
      ok: z.boolean(),
      message: z.string().optional(),
      problems: z.array(fieldProblem).optional(),
      /** Autofill: the values found, for the form to apply. */
      patch: z.record(z.string(), fieldValue).optional(),
      hasSecret: z.boolean().optional(),
      readiness: z.array(readinessStep).optional(),
    })
    .strict(),
  z.object({ type: z.literal('theme'), theme: themeKind }).strict(),
  /** Moves keyboard focus to a form field (from the Integration Checklist). */
  z.object({ type: z.literal('focus'), field: z.string().regex(/^[A-Za-z]{1,64}$/) }).strict(),
]);

export type HostToWebview = z.infer<typeof hostToWebview>;
export type ResultMessage = Extract<HostToWebview, { type: 'result' }>;
export type InitMessage = Extract<HostToWebview, { type: 'init' }>;

export type ParseOutcome<T> = { ok: true; message: T } | { ok: false; error: string };

function describe(e: z.ZodError): string {
  const i = e.issues[0];
  return `${i.path.join('.') || 'message'}: ${i.message}`;
}

/** Parses a message from the webview; never throws. The error text never echoes values (a secret could be in them). */
export function parseWebviewMessage(raw: unknown): ParseOutcome<WebviewToHost> {
  const r = webviewToHost.safeParse(raw);
  return r.success ? { ok: true, message: r.data } : { ok: false, error: describe(r.error) };
}

export function parseHostMessage(raw: unknown): ParseOutcome<HostToWebview> {
  const r = hostToWebview.safeParse(raw);
  return r.success ? { ok: true, message: r.data } : { ok: false, error: describe(r.error) };
}
