// The Integration Details form. Runs in the webview (browser, no Node); talks to the extension only
// through the typed protocol in src/protocol, and validates inline with the SAME zod profile the
// file, the CLI and the bundle use. No inline scripts or styles: the page CSP forbids them.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { DEFAULT_TOKEN_ENDPOINT, fieldInfo, validateField, type FieldKey } from '../src/core/handoff/profile';
import { parseHostMessage, type FieldProblem, type HostToWebview, type InitMessage, type ResultMessage, type WebviewRequest } from '../src/protocol/messages';
import { RequestTracker } from '../src/protocol/requests';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type FormValue = string | string[];
/** Kept with setState so a reload or a hidden tab does not lose typing; never holds the secret. */
interface SavedState {
  environment?: string;
  values: Record<string, FormValue>;
  dirty: boolean;
  /** The file's values the draft started from: a draft whose file has changed since (e.g. saved) is stale. */
  base?: Record<string, FormValue>;
}

interface ValueElement extends HTMLElement {
  value: string;
  invalid?: boolean;
  disabled?: boolean;
}
interface CheckElement extends HTMLElement {
  checked: boolean;
}

const vscode = acquireVsCodeApi();
const tracker = new RequestTracker((m: WebviewRequest) => vscode.postMessage(m));
let state: SavedState = normaliseState(vscode.getState());
let environments: string[] = [];
let hasSecret = false;
let initialised = false;
/** The form as the integration file fills it, from the last init. */
let fileValues: Record<string, FormValue> = {};

function sameValues(a: Record<string, FormValue>, b: Record<string, FormValue>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (JSON.stringify(a[k] ?? '') !== JSON.stringify(b[k] ?? '')) return false;
  return true;
}

function normaliseState(raw: unknown): SavedState {
  const s = raw as Partial<SavedState> | undefined;
  return {
    environment: typeof s?.environment === 'string' ? s.environment : undefined,
    values: s?.values && typeof s.values === 'object' ? s.values : {},
    dirty: Boolean(s?.dirty),
    base: s?.base && typeof s.base === 'object' ? s.base : undefined,
  };
}

function persist(): void {
  vscode.setState(state);
}

// ---- layout, grouped like the seed's steps ------------------------------------------------------

const STEPS: { step: number; title: string; fields: FieldKey[]; autofill?: { kind: 'schema' | 'endpoint' | 'identities' | 'verifiedPayload'; label: string } }[] = [
  { step: 1, title: 'Identity namespaces', fields: ['primaryIdentity', 'secondaryIdentities', 'moengageUserIdNamespace', 'primaryIdentityAttribute'], autofill: { kind: 'identities', label: 'Fill from mapping' } },
  { step: 2, title: 'XDM schema', fields: ['schemaFile', 'schemaId', 'tenant'], autofill: { kind: 'schema', label: 'Fill from schema file' } },
  { step: 3, title: 'Dataset', fields: ['datasetId'] },
  { step: 4, title: 'HTTP API source and authentication', fields: ['imsOrgId', 'sandbox', 'inletKind', 'flowId', 'authMethod', 'clientId', 'technicalAccountId', 'scopes', 'tokenEndpoint'] },
  { step: 5, title: 'Endpoint and field mapping', fields: ['endpoint', 'mappingFile'], autofill: { kind: 'endpoint', label: 'Check endpoint' } },
  { step: 6, title: 'Test payload', fields: ['verifiedPayloadFile', 'verifiedResponseFile', 'verifiedAt'], autofill: { kind: 'verifiedPayload', label: 'Use latest verified payload' } },
];
const OAUTH_FIELDS: FieldKey[] = ['clientId', 'technicalAccountId', 'scopes', 'tokenEndpoint'];
const CHOICES: Partial<Record<FieldKey, { value: string; label: string }[]>> = {
  inletKind: [
    { value: 'raw', label: 'raw — not XDM compatible, mapped by Data Prep (seed Step 4.5)' },
    { value: 'xdm', label: 'xdm — XDM compatible' },
  ],
  authMethod: [
    { value: 'none', label: 'No authentication' },
    { value: 'oauth', label: 'OAuth 2.0 (Server-to-Server)' },
  ],
};
const PLACEHOLDERS: Partial<Record<FieldKey, string>> = {
  endpoint: 'https://dcs.adobedc.net/collection/{id}',
  datasetId: '690da33230e4cd0adff86e57',
  schemaId: 'https://ns.adobe.com/{TENANT}/schemas/{SCHEMA_ID}',
  schemaFile: 'schema/moengage-events.schema.json',
  tenant: '_yourorgname',
  imsOrgId: '1234567890ABCDEF@AdobeOrg',
  sandbox: 'prod',
  primaryIdentity: 'lumaCrmId',
  secondaryIdentities: 'Email, Phone',
  moengageUserIdNamespace: 'moengageUserId',
  primaryIdentityAttribute: 'externalId',
  mappingFile: 'mapping/moengage-default.mapping.csv',
  technicalAccountId: 'ABC123@techacct.adobe.com',
  scopes: 'openid, AdobeID, read_organizations',
  tokenEndpoint: DEFAULT_TOKEN_ENDPOINT,
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string>, text?: string): HTMLElementTagNameMap[K];
function el(tag: string, attrs?: Record<string, string>, text?: string): HTMLElement;
function el(tag: string, attrs: Record<string, string> = {}, text?: string): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T | null;

function field(key: FieldKey): HTMLElement {
  const info = fieldInfo[key];
  const wrap = el('div', { class: 'field', id: `field-${key}` });
  const label = el('vscode-label', { for: key }, info.label);
  wrap.append(label);
  const choices = CHOICES[key];
  let input: HTMLElement;
  if (choices) {
    input = el('vscode-single-select', { id: key, 'data-field': key });
    for (const c of choices) input.append(el('vscode-option', { value: c.value }, c.label));
  } else {
    input = el('vscode-textfield', { id: key, 'data-field': key, placeholder: PLACEHOLDERS[key] ?? '' });
  }
  input.setAttribute('aria-describedby', `error-${key}`);
  wrap.append(input);
  if (info.kind === 'list') wrap.append(el('div', { class: 'hint' }, 'Separate several values with commas.'));
  wrap.append(el('div', { class: 'error', id: `error-${key}`, role: 'alert', 'aria-live': 'polite' }));
  input.addEventListener('input', () => onEdit(key));
  input.addEventListener('change', () => onEdit(key));
  return wrap;
}

function button(id: string, text: string, secondary = false): HTMLElement {
  const b = el('vscode-button', { id }, text);
  if (secondary) b.setAttribute('secondary', '');
  return b;
}

function build(): void {
  const app = $('app')!;
  app.replaceChildren();
  const header = el('header', { class: 'top' });
  header.append(el('h1', {}, 'MoEngage → AEP integration details'));
  const envRow = el('div', { class: 'row' });
  envRow.append(el('vscode-label', { for: 'environment' }, 'Environment'), el('vscode-single-select', { id: 'environment' }), button('save', 'Save'), button('validate', 'Check', true));
  header.append(envRow, el('div', { id: 'status', role: 'status', 'aria-live': 'polite' }), el('ul', { id: 'file-problems', class: 'problems', hidden: '' }));
  app.append(header);

  const form = el('form', { id: 'form', novalidate: '' });
  for (const s of STEPS) {
    const section = el('section', { id: `step-${s.step}`, 'aria-labelledby': `step-${s.step}-title` });
    section.append(el('h2', { id: `step-${s.step}-title` }, `${s.step}. ${s.title}`));
    for (const k of s.fields) {
      const f = field(k);
      if (OAUTH_FIELDS.includes(k)) f.classList.add('oauth-only');
      section.append(f);
    }
    if (s.step === 4) section.append(secretBlock());
    const actions = el('div', { class: 'row' });
    if (s.autofill) actions.append(button(`autofill-${s.autofill.kind}`, s.autofill.label, true));
    if (s.step === 6) actions.append(button('testConnection', 'Test Connection', true));
    if (actions.childElementCount) section.append(actions);
    if (s.autofill) section.append(el('div', { id: `autofill-${s.autofill.kind}-result`, class: 'note', role: 'status', 'aria-live': 'polite' }));
    if (s.step === 6) section.append(el('div', { id: 'test-result', class: 'note', role: 'status', 'aria-live': 'polite' }));
    form.append(section);
  }
  const share = el('section', { id: 'step-7', 'aria-labelledby': 'step-7-title' });
  share.append(el('h2', { id: 'step-7-title' }, '7. Share with MoEngage'));
  share.append(el('ol', { id: 'readiness', class: 'readiness', 'aria-label': 'Readiness by step' }));
  share.append(el('ul', { id: 'problems', class: 'problems', 'aria-label': 'What to fix before export' }));
  const exportRow = el('div', { class: 'row' });
  exportRow.append(el('vscode-checkbox', { id: 'includeSecret', label: 'Include the client secret (you will be asked to confirm)' }), button('export', 'Export Handoff Bundle'));
  share.append(exportRow, el('div', { id: 'export-result', class: 'note', role: 'status', 'aria-live': 'polite' }));
  form.append(share);
  app.append(form);
  app.removeAttribute('aria-busy');

  form.addEventListener('submit', (e) => e.preventDefault());
  $('save')!.addEventListener('click', () => void save());
  $('validate')!.addEventListener('click', () => void check());
  $('export')!.addEventListener('click', () => void exportBundle());
  $('testConnection')!.addEventListener('click', () => void testConnection());
  $('setSecret')!.addEventListener('click', () => void setSecret());
  $('clearSecret')!.addEventListener('click', () => void clearSecret());
  $('environment')!.addEventListener('change', () => void selectEnvironment());
  for (const s of STEPS) if (s.autofill) $(`autofill-${s.autofill.kind}`)!.addEventListener('click', () => void runAutofill(s.autofill!.kind));
  // vscode-button is not a native button: Enter and Space must work from the keyboard too.
  app.addEventListener('keydown', (e) => {
    const t = e.target as HTMLElement;
    if (t.tagName === 'VSCODE-BUTTON' && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      t.click();
    }
  });
}

function secretBlock(): HTMLElement {
  const wrap = el('div', { class: 'field oauth-only', id: 'field-clientSecret' });
  wrap.append(el('vscode-label', { for: 'clientSecret' }, 'OAuth client secret (kept in VS Code secret storage, never in files)'));
  const tf = el('vscode-textfield', { id: 'clientSecret', type: 'password', placeholder: 'p8e-…', 'aria-describedby': 'secret-status' });
  const row = el('div', { class: 'row' });
  row.append(tf, button('setSecret', 'Store Secret', true), button('clearSecret', 'Forget', true));
  wrap.append(row, el('div', { id: 'secret-status', class: 'note', role: 'status', 'aria-live': 'polite' }));
  return wrap;
}

// ---- values ----------------------------------------------------------------------------------

function readField(key: FieldKey): FormValue {
  const v = ($(key) as ValueElement | null)?.value ?? '';
  return fieldInfo[key].kind === 'list' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v.trim();
}

function writeField(key: FieldKey, v: FormValue | undefined): void {
  const e = $(key) as ValueElement | null;
  if (!e) return;
  let text = Array.isArray(v) ? v.join(', ') : (v ?? '');
  if (!text && key === 'authMethod') text = 'none';
  if (!text && key === 'inletKind') text = 'raw';
  e.value = text;
}

function readAll(): Record<string, FormValue> {
  const out: Record<string, FormValue> = {};
  for (const s of STEPS) for (const k of s.fields) out[k] = readField(k);
  return out;
}

function showFieldError(key: string, message: string | undefined): void {
  const box = $(`error-${key}`);
  const input = $(key) as ValueElement | null;
  if (box) box.textContent = message ?? '';
  if (input) {
    input.invalid = Boolean(message);
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
}

function onEdit(key: FieldKey): void {
  const v = readField(key);
  showFieldError(key, validateField(key, v));
  state = { environment: state.environment, values: readAll(), dirty: true, base: state.dirty ? state.base : fileValues };
  persist();
  if (key === 'authMethod') applyAuthVisibility();
  setStatus('Unsaved changes.');
}

function applyAuthVisibility(): void {
  const oauth = readField('authMethod') === 'oauth';
  for (const e of Array.from(document.querySelectorAll<HTMLElement>('.oauth-only'))) e.hidden = !oauth;
  if (oauth && !readField('tokenEndpoint')) writeField('tokenEndpoint', DEFAULT_TOKEN_ENDPOINT);
}

function setStatus(text: string, kind: 'ok' | 'error' | 'info' = 'info'): void {
  const s = $('status');
  if (!s) return;
  s.textContent = text;
  s.className = `status-${kind}`;
}

function setNote(id: string, text: string, ok: boolean): void {
  const n = $(id);
  if (!n) return;
  n.textContent = text;
  n.className = `note ${ok ? 'note-ok' : 'note-error'}`;
}

function renderProblems(listId: string, problems: FieldProblem[] | undefined): void {
  const list = $(listId);
  if (!list) return;
  list.replaceChildren(...(problems ?? []).map((p) => el('li', {}, `${p.step ? `Step ${p.step}: ` : ''}${p.message}`)));
  list.hidden = !problems?.length;
}

function renderReadiness(readiness: ResultMessage['readiness']): void {
  const list = $('readiness');
  if (!list || !readiness) return;
  list.replaceChildren(
    ...readiness.map((r) => {
      const li = el('li', { class: r.done ? 'done' : 'todo', 'data-step': r.id }, `${r.title}: ${r.done ? 'done' : 'to do'}`);
      return li;
    }),
  );
}

function showProblems(problems: FieldProblem[] | undefined): void {
  for (const s of STEPS) for (const k of s.fields) showFieldError(k, undefined);
  for (const p of problems ?? []) if (p.field && $(`error-${p.field}`)) showFieldError(p.field, p.message);
  renderProblems('problems', problems);
}

// ---- host messages ------------------------------------------------------------------------------

function applyInit(m: InitMessage): void {
  environments = m.environments;
  hasSecret = m.hasSecret;
  document.body.dataset.theme = m.theme;
  const sel = $('environment') as ValueElement | null;
  if (sel) {
    sel.replaceChildren(...m.environments.map((e) => el('vscode-option', { value: e }, e)));
    sel.value = m.active;
  }
  // Keep what the user typed but has not saved (a reload, a hidden tab) — unless the file changed since the draft
  // began: the workbench may restore a state persisted before our own Save, and that draft is stale.
  for (const s of STEPS) for (const k of s.fields) writeField(k, m.profile[k]);
  fileValues = readAll();
  const draftCurrent = !state.base || sameValues(state.base, fileValues);
  const keepDraft = state.dirty && state.environment === m.active && draftCurrent;
  const discarded = state.dirty && state.environment === m.active && !draftCurrent;
  if (keepDraft) for (const s of STEPS) for (const k of s.fields) writeField(k, state.values[k]);
  for (const s of STEPS) for (const k of s.fields) showFieldError(k, validateField(k, readField(k)));
  state = { environment: m.active, values: readAll(), dirty: keepDraft, base: keepDraft ? state.base : undefined };
  persist();
  applyAuthVisibility();
  renderSecret();
  renderReadiness(m.readiness);
  renderProblems('file-problems', m.fileProblems);
  // A re-init after our own save must not overwrite "Saved." with a plain status.
  if (!initialised || keepDraft || m.trusted === false) {
    setStatus(keepDraft ? 'Your unsaved changes were kept; Save to write them.' : discarded ? 'moengage-aep.json changed since your unsaved edits; showing the saved values.' : m.trusted === false ? 'This workspace is not trusted: Test Connection is disabled.' : `Environment "${m.active}".`);
  }
  initialised = true;
  const test = $('testConnection') as ValueElement | null;
  if (test) test.disabled = m.trusted === false;
}

function renderSecret(): void {
  const s = $('secret-status');
  if (s) s.textContent = hasSecret ? `A client secret is stored for "${state.environment}".` : `No client secret stored for "${state.environment}".`;
}

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = parseHostMessage(event.data);
  if (!parsed.ok) return; // not ours, or malformed: ignore
  const m: HostToWebview = parsed.message;
  if (m.type === 'init') applyInit(m);
  else if (m.type === 'theme') document.body.dataset.theme = m.theme;
  else if (m.type === 'focus') focusField(m.field);
  else tracker.settle(m);
});

function focusField(key: string): void {
  const target = $(key) ?? $(`field-${key}`);
  if (!target) return;
  target.scrollIntoView({ block: 'center' });
  target.focus();
}

// ---- actions -------------------------------------------------------------------------------------

const env = () => state.environment ?? environments[0] ?? 'dev';

async function save(): Promise<void> {
  setStatus('Saving…');
  const r = await tracker.request({ type: 'save', environment: env(), profile: readAll() });
  if (r.ok) {
    state = { ...state, dirty: false, base: undefined };
    persist();
    showProblems(undefined);
    renderProblems('problems', r.problems);
    renderReadiness(r.readiness);
  } else showProblems(r.problems);
  setStatus(r.message ?? (r.ok ? 'Saved.' : 'Not saved.'), r.ok ? 'ok' : 'error');
}

async function check(): Promise<void> {
  const r = await tracker.request({ type: 'validate', environment: env(), profile: readAll() });
  showProblems(r.problems);
  renderReadiness(r.readiness);
  setStatus(r.message ?? '', r.ok ? 'ok' : 'error');
}

async function runAutofill(kind: 'schema' | 'endpoint' | 'identities' | 'verifiedPayload'): Promise<void> {
  const r = await tracker.request({ type: 'autofill', kind, environment: env(), profile: readAll() });
  for (const [k, v] of Object.entries(r.patch ?? {})) {
    if (k in fieldInfo) {
      writeField(k as FieldKey, v);
      onEdit(k as FieldKey);
    }
  }
  setNote(`autofill-${kind}-result`, r.message ?? '', r.ok);
}

async function testConnection(): Promise<void> {
  setNote('test-result', 'Testing…', true);
  const r = await tracker.request({ type: 'testConnection', environment: env() });
  setNote('test-result', r.message ?? (r.ok ? 'OK' : 'Failed'), r.ok);
}

async function exportBundle(): Promise<void> {
  if (state.dirty) {
    setNote('export-result', 'Save your changes first: the bundle is built from the saved file.', false);
    return;
  }
  const include = ($('includeSecret') as CheckElement | null)?.checked ?? false;
  setNote('export-result', 'Exporting…', true);
  const r = await tracker.request({ type: 'exportBundle', environment: env(), includeSecret: include });
  setNote('export-result', r.message ?? '', r.ok);
  if (!r.ok) showProblems(r.problems);
}

async function setSecret(): Promise<void> {
  const tf = $('clientSecret') as ValueElement | null;
  const secret = tf?.value ?? '';
  if (!secret.trim()) {
    setNote('secret-status', 'Paste the client secret first.', false);
    return;
  }
  const r = await tracker.request({ type: 'setSecret', environment: env(), secret });
  // Cleared right away: the secret must not linger in the DOM or in the saved webview state.
  if (tf) tf.value = '';
  if (r.hasSecret !== undefined) hasSecret = r.hasSecret;
  renderSecret();
  if (!r.ok) setNote('secret-status', r.message ?? 'Not stored.', false);
}

async function clearSecret(): Promise<void> {
  const r = await tracker.request({ type: 'clearSecret', environment: env() });
  if (r.hasSecret !== undefined) hasSecret = r.hasSecret;
  renderSecret();
}

async function selectEnvironment(): Promise<void> {
  const next = ($('environment') as ValueElement | null)?.value;
  if (!next || next === state.environment) return;
  if (state.dirty) setStatus(`Unsaved changes to "${state.environment}" were discarded.`);
  state = { environment: next, values: {}, dirty: false };
  persist();
  await tracker.request({ type: 'selectEnvironment', environment: next });
}

build();
vscode.postMessage({ type: 'ready' });
