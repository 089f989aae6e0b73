import { parseTree, getNodeValue } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { OAuthConfig, SendTarget } from '../../core/aep/types';
import { getClientSecret } from '../profile/secrets';

/**
 * Reads the integration file fresh at every send (it is small) rather than through the profile
 * store's cache, so a send right after an edit uses the edited endpoint; the secret lookup is shared.
 * Reads both documented layouts: flat fields (`authMethod`, `clientId`, … as in src/core/handoff/profile.ts)
 * and a nested `auth: {method, clientId, scopes, tokenEndpoint, imsOrgId}` object.
 */
export interface ActiveSendProfile {
  environment: string;
  target: SendTarget;
  workspaceFolder: vscode.WorkspaceFolder;
  /** Workspace-relative mapping file, for tracing AEP pointers back to payload fields. */
  mappingFile?: string;
}

export class ProfileProblem extends Error {}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

export async function readActiveProfile(secrets: vscode.SecretStorage, forUri?: vscode.Uri): Promise<ActiveSendProfile> {
  const folder = (forUri && vscode.workspace.getWorkspaceFolder(forUri)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new ProfileProblem('Open a workspace folder with a moengage-aep.json before sending.');
  const rel = vscode.workspace.getConfiguration('moeAep', folder.uri).get<string>('integrationFile') || 'moengage-aep.json';
  const uri = vscode.Uri.joinPath(folder.uri, rel);
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    throw new ProfileProblem(`No ${rel} in ${folder.name}: run "MoEngage → AEP: Open Integration Details" and enter your streaming endpoint.`);
  }
  const root = parseTree(text, [], { allowTrailingComma: true });
  const file = root ? (getNodeValue(root) as Record<string, any>) : undefined;
  const envName = str(file?.activeEnvironment) ?? Object.keys(file?.environments ?? {})[0];
  const env = envName ? (file?.environments?.[envName] as Record<string, any> | undefined) : undefined;
  if (!env || typeof env !== 'object') throw new ProfileProblem(`${rel} has no active environment; set "activeEnvironment" and describe it under "environments".`);
  const endpoint = str(env.endpoint);
  if (!endpoint) throw new ProfileProblem(`Environment "${envName}" in ${rel} has no "endpoint"; paste the streaming endpoint URL from the dataflow (seed Step 5 "Complete Dataflow Setup").`);
  const nested = env.auth && typeof env.auth === 'object' ? (env.auth as Record<string, any>) : {};
  const method = str(nested.method) ?? str(env.authMethod) ?? 'none';
  const imsOrgId = str(nested.imsOrgId) ?? str(env.imsOrgId);
  const target: SendTarget = {
    endpoint,
    inletKind: env.inletKind === 'xdm' ? 'xdm' : 'raw',
    flowId: str(env.flowId),
    datasetId: str(env.datasetId),
    schemaRef: str(env.schemaId) ?? str(env.schemaRef),
    imsOrgId,
    sandboxName: str(env.sandbox) ?? str(env.sandboxName),
  };
  if (method === 'oauth') {
    const clientId = str(nested.clientId) ?? str(env.clientId);
    const clientSecret = await getClientSecret(secrets, envName!);
    if (!clientId) throw new ProfileProblem(`Environment "${envName}" uses OAuth but has no "clientId" (Developer Console → Credentials).`);
    if (!clientSecret) throw new ProfileProblem(`No client secret stored for "${envName}": run "MoEngage → AEP: Set OAuth Client Secret" first.`);
    const auth: OAuthConfig = {
      clientId,
      clientSecret,
      scopes: nested.scopes ?? env.scopes ?? [],
      tokenEndpoint: str(nested.tokenEndpoint) ?? str(env.tokenEndpoint),
      imsOrgId,
      technicalAccountId: str(env.technicalAccountId),
    };
    target.auth = auth;
  }
  return { environment: envName!, target, workspaceFolder: folder, mappingFile: str(env.mappingFile) };
}
