// Deliberately free of `vscode`: the message handling is unit-tested in plain Node
// (test/unit/protocol) with fake dependencies; panel.ts supplies the real ones.
import type { Assessment } from '../../core/handoff/assess';
import type { AutofillKind, AutofillResult } from '../../core/handoff/autofill';
import type { ConnectionResult } from '../../core/handoff/testConnection';
import { fieldKeys, validateEnvironment, type EnvironmentProfile, type FieldKey, type IntegrationFile } from '../../core/handoff/profile';
import { parseWebviewMessage, type FieldProblem, type HostToWebview, type InitMessage, type ResultMessage, type WebviewRequest } from '../../protocol/messages';

export interface PanelState {
  file?: IntegrationFile;
  /** Problems of the file itself (syntax, invalid values). */
  fileProblems: FieldProblem[];
}

export interface PanelDeps {
  load(): Promise<PanelState>;
  saveEnvironment(environment: string, values: EnvironmentProfile): Promise<void>;
  setActive(environment: string): Promise<void>;
  hasSecret(environment: string): Promise<boolean>;
  storeSecret(environment: string, secret: string): Promise<void>;
  deleteSecret(environment: string): Promise<void>;
  autofill(kind: AutofillKind, environment: string, draft: EnvironmentProfile): Promise<AutofillResult>;
  testConnection(environment: string): Promise<ConnectionResult>;
  exportBundle(environment: string, includeSecret: boolean): Promise<{ ok: boolean; message: string; problems?: FieldProblem[] }>;
  assess(environment: string, draft: EnvironmentProfile): Promise<Assessment>;
  theme(): InitMessage['theme'];
  trusted(): boolean;
  post(message: HostToWebview): void;
  log(line: string): void;
}

type FormValue = string | string[];

/**
 * Form values → an environment profile: empty values are "not filled" (absent), list fields are
 * arrays, anything that is not a profile field is reported instead of saved.
 */
export function draftToEnvironment(draft: Record<string, FormValue>): { env: EnvironmentProfile; problems: FieldProblem[] } {
  const out: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const [k, v] of Object.entries(draft)) {
    if (!(fieldKeys as string[]).includes(k)) {
      problems.push({ field: k, message: `"${k}" is not an integration detail; it was not saved.` });
      continue;
    }
    if (Array.isArray(v)) {
      const list = v.map((s) => s.trim()).filter(Boolean);
      if (list.length) out[k] = list;
    } else if (v.trim() !== '') out[k] = v.trim();
  }
  const checked = validateEnvironment(out);
  for (const p of checked.problems) problems.push({ field: p.field ?? String(p.path[0] ?? ''), message: p.message });
  return { env: out as EnvironmentProfile, problems };
}

function envToForm(env: EnvironmentProfile | undefined): Record<string, FormValue> {
  const out: Record<string, FormValue> = {};
  if (!env) return out;
  for (const k of fieldKeys) {
    const v = env[k as FieldKey];
    if (typeof v === 'string' || Array.isArray(v)) out[k] = v as FormValue;
  }
  return out;
}

function readinessOf(a: Assessment): NonNullable<ResultMessage['readiness']> {
  return a.steps.map((s) => ({ step: s.step, id: s.id, title: s.title, done: s.done }));
}

export async function buildInit(deps: PanelDeps, preferred?: string): Promise<InitMessage> {
  const state = await deps.load();
  const environments = state.file ? Object.keys(state.file.environments) : [];
  const active = preferred && environments.includes(preferred) ? preferred : (state.file?.activeEnvironment ?? environments[0] ?? 'dev');
  const env = state.file?.environments[active];
  let readiness: InitMessage['readiness'];
  if (state.file && env) {
    try {
      readiness = readinessOf(await deps.assess(active, env));
    } catch {
      readiness = undefined;
    }
  }
  return {
    type: 'init',
    profile: envToForm(env),
    environments: environments.length ? environments : [active],
    active,
    hasSecret: await deps.hasSecret(active),
    theme: deps.theme(),
    readiness,
    fileProblems: state.fileProblems.length ? state.fileProblems : undefined,
    trusted: deps.trusted(),
  };
}

/**
 * Handles one raw message from the webview. Malformed or unknown messages are rejected before
 * anything else happens (no file write, no secret access, no network) and get no reply, because
 * there is no trustworthy id to reply to.
 */
export async function handleWebviewMessage(raw: unknown, deps: PanelDeps): Promise<{ accepted: boolean; error?: string }> {
  const parsed = parseWebviewMessage(raw);
  if (!parsed.ok) {
    deps.log(`rejected a malformed webview message (${parsed.error})`);
    return { accepted: false, error: parsed.error };
  }
  const msg = parsed.message;
  if (msg.type === 'ready') {
    deps.post(await buildInit(deps));
    return { accepted: true };
  }
  let reply: ResultMessage;
  try {
    reply = await answer(msg, deps);
  } catch (e) {
    // The message is never echoed: it may hold the secret.
    reply = { type: 'result', id: msg.id, ok: false, message: `Failed: ${(e as Error)?.message ?? String(e)}` };
  }
  deps.post(reply);
  return { accepted: true };
}

async function answer(msg: WebviewRequest, deps: PanelDeps): Promise<ResultMessage> {
  const id = msg.id;
  switch (msg.type) {
    case 'save': {
      const { env, problems } = draftToEnvironment(msg.profile);
      if (problems.length) return { type: 'result', id, ok: false, message: `Not saved: ${problems.length} field${problems.length > 1 ? 's need' : ' needs'} fixing.`, problems };
      await deps.saveEnvironment(msg.environment, env);
      const a = await deps.assess(msg.environment, env);
      return { type: 'result', id, ok: true, message: 'Saved.', readiness: readinessOf(a), problems: a.problems.map((p) => ({ field: p.field, message: p.message, step: p.step })) };
    }
    case 'validate': {
      const { env, problems } = draftToEnvironment(msg.profile);
      const a = await deps.assess(msg.environment, env);
      const all = [...problems, ...a.problems.filter((p) => p.code !== 'handoff.invalid-field').map((p) => ({ field: p.field, message: p.message, step: p.step }))];
      return { type: 'result', id, ok: all.length === 0, message: all.length ? `${all.length} thing${all.length > 1 ? 's' : ''} to fix before export.` : 'Ready to export.', problems: all, readiness: readinessOf(a) };
    }
    case 'autofill': {
      const { env } = draftToEnvironment(msg.profile);
      const r = await deps.autofill(msg.kind, msg.environment, env);
      return { type: 'result', id, ok: r.ok, message: r.message, patch: envToForm(r.patch as EnvironmentProfile) };
    }
    case 'testConnection': {
      const r = await deps.testConnection(msg.environment);
      return { type: 'result', id, ok: r.ok, message: r.message };
    }
    case 'exportBundle': {
      const r = await deps.exportBundle(msg.environment, msg.includeSecret);
      return { type: 'result', id, ok: r.ok, message: r.message, problems: r.problems };
    }
    case 'setSecret': {
      await deps.storeSecret(msg.environment, msg.secret);
      return { type: 'result', id, ok: true, message: `Client secret stored for "${msg.environment}" in VS Code's secret storage.`, hasSecret: true };
    }
    case 'clearSecret': {
      await deps.deleteSecret(msg.environment);
      return { type: 'result', id, ok: true, message: `Client secret for "${msg.environment}" forgotten.`, hasSecret: false };
    }
    case 'selectEnvironment': {
      await deps.setActive(msg.environment);
      deps.post(await buildInit(deps, msg.environment));
      return { type: 'result', id, ok: true, message: `Active environment: ${msg.environment}.` };
    }
  }
}
