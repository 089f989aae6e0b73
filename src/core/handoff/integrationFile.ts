import { applyEdits, findNodeAtLocation, modify, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { InputError, type CoreDiagnostic } from '../diagnostics';
import { LineIndex } from '../text/lineIndex';
import { validateIntegrationFile, type EnvironmentProfile, type IntegrationFile } from './profile';

export const INTEGRATION_FILE = 'moengage-aep.json';
export const SECRET_ENV_VAR = 'MOE_AEP_CLIENT_SECRET';
/** SecretStorage key of an environment's OAuth client secret. */
export const secretKey = (environment: string): string => `moeAep.clientSecret.${environment}`;

export interface ParsedIntegrationFile {
  file?: IntegrationFile;
  diagnostics: CoreDiagnostic[];
}

/**
 * Reads `moengage-aep.json` text (comments allowed, as VS Code users add them) and reports every
 * problem at the exact key or value that causes it; the file is returned only when it is valid.
 */
export function parseIntegrationFile(text: string): ParsedIntegrationFile {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  let lines: LineIndex | undefined;
  const at = (offset: number, length: number) => (lines ??= new LineIndex(text)).range(offset, offset + length);
  if (errors.length || !root) {
    const e = errors[0] ?? { offset: 0, length: 0, error: 0 };
    return {
      diagnostics: [
        {
          range: at(e.offset, e.length),
          severity: 'error',
          code: 'profile.json-syntax',
          message: `moengage-aep.json is not valid JSON (${errors.length ? printParseErrorCode(e.error) : 'empty file'}); fix the syntax here.`,
          source: 'moe-aep.profile',
        },
      ],
    };
  }
  const value = nodeValue(root);
  const { file, problems } = validateIntegrationFile(value);
  if (file) return { file, diagnostics: [] };
  const diagnostics = problems.map((p): CoreDiagnostic => {
    let node: Node | undefined;
    // The deepest existing node on the path: a missing key is reported on its parent object.
    for (let n = p.path.length; n >= 0 && !node; n--) node = findNodeAtLocation(root, p.path.slice(0, n));
    const target = node ?? root;
    const len = target.type === 'object' || target.type === 'array' ? 1 : target.length;
    return {
      range: at(target.offset, len),
      severity: 'error',
      code: 'profile.invalid',
      message: `${p.path.join('.') || 'file'}: ${p.message}`,
      source: 'moe-aep.profile',
    };
  });
  return { diagnostics };
}

function nodeValue(n: Node): unknown {
  switch (n.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const p of n.children ?? []) {
        const [k, v] = p.children ?? [];
        if (k && v) o[k.value as string] = nodeValue(v);
      }
      return o;
    }
    case 'array':
      return (n.children ?? []).map(nodeValue);
    default:
      return n.value;
  }
}

export function getEnvironment(file: IntegrationFile, name?: string): { name: string; env?: EnvironmentProfile } {
  const envName = name ?? file.activeEnvironment;
  return { name: envName, env: Object.prototype.hasOwnProperty.call(file.environments, envName) ? file.environments[envName] : undefined };
}

/** A new file with one empty environment, as the panel creates it on first save. */
export function emptyIntegrationFile(environment = 'dev'): IntegrationFile {
  return { activeEnvironment: environment, environments: { [environment]: {} } };
}

/**
 * Sets (or, with `undefined`, removes) fields of one environment in the file text, keeping the
 * user's comments, order and indentation. Creates the file structure and the environment when
 * they are missing. The result is returned as text; writing it is the caller's job.
 */
export function updateEnvironmentText(text: string | undefined, environment: string, patch: Partial<Record<string, unknown>>): string {
  const base = text && text.trim() ? text : JSON.stringify(emptyIntegrationFile(environment), null, 2) + '\n';
  const fmt = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: base.includes('\r\n') ? '\r\n' : '\n' } };
  let out = base;
  const root = parseTree(out);
  if (!root || root.type !== 'object') throw new InputError('moengage-aep.json is not a JSON object; fix or delete it, then save again.', 'profile.not-object');
  if (!findNodeAtLocation(root, ['environments', environment])) {
    out = applyEdits(out, modify(out, ['environments', environment], {}, fmt));
  }
  if (!findNodeAtLocation(parseTree(out)!, ['activeEnvironment'])) {
    out = applyEdits(out, modify(out, ['activeEnvironment'], environment, fmt));
  }
  for (const [k, v] of Object.entries(patch)) {
    out = applyEdits(out, modify(out, ['environments', environment, k], v, fmt));
  }
  return out;
}

/** Sets `activeEnvironment`, keeping everything else as written. */
export function setActiveEnvironmentText(text: string, environment: string): string {
  const fmt = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: text.includes('\r\n') ? '\r\n' : '\n' } };
  return applyEdits(text, modify(text, ['activeEnvironment'], environment, fmt));
}

/**
 * The range of the deepest existing node on `path` in the file text (a missing field is reported on
 * its environment), for diagnostics about a field; positions are computed only for what is reported.
 */
export function locateInIntegrationFile(text: string, path: (string | number)[]): import('../diagnostics').Range {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const lines = new LineIndex(text);
  if (!root) return lines.range(0, 0);
  let node: Node | undefined;
  for (let n = path.length; n >= 0 && !node; n--) node = findNodeAtLocation(root, path.slice(0, n));
  const target = node?.parent?.type === 'property' && node.type === 'object' ? node.parent.children![0] : (node ?? root);
  return lines.range(target.offset, target.offset + (target.type === 'object' || target.type === 'array' ? 1 : target.length));
}
