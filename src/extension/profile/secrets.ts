import * as vscode from 'vscode';
import { SECRET_ENV_VAR, secretKey } from '../../core/handoff/integrationFile';

/**
 * The OAuth client secret per environment lives only in SecretStorage (OS keychain on desktop; per
 * browser in code-server, vscode-extension-practice.md §5 "Secrets"). The env var is the CLI's way
 * and a fallback for CI-like hosts.
 */
export async function getClientSecret(secrets: vscode.SecretStorage, environment: string): Promise<string | undefined> {
  return (await secrets.get(secretKey(environment))) ?? (process.env[SECRET_ENV_VAR] || undefined);
}

export async function hasStoredSecret(secrets: vscode.SecretStorage, environment: string): Promise<boolean> {
  return Boolean(await secrets.get(secretKey(environment)));
}

export function storeClientSecret(secrets: vscode.SecretStorage, environment: string, secret: string): Thenable<void> {
  return secrets.store(secretKey(environment), secret);
}

export function deleteClientSecret(secrets: vscode.SecretStorage, environment: string): Thenable<void> {
  return secrets.delete(secretKey(environment));
}
