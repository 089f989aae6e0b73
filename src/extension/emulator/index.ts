import * as vscode from 'vscode';
import { profileStore } from '../profile/store';

type Emulator = Awaited<ReturnType<typeof import('../../emulator/server').startEmulator>>;

let running: Emulator | undefined;

/** The emulator started from VS Code, if any (for other features and tests). */
export function runningEmulatorUrl(): string | undefined {
  return running?.url;
}

/**
 * "Start Local AEP Emulator": the same emulator as `moe-aep emulator`, in the extension host, configured from the
 * active environment (its schema, mapping, inlet kind, org and — for a loopback endpoint — inlet ID), so a user
 * can try the whole send flow offline. The module is loaded on first use; activation stays cheap.
 */
export function registerEmulator(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('moeAep.startEmulator', (opts?: { port?: number; pointProfile?: boolean }) => startFromProfile(log, opts)),
    vscode.commands.registerCommand('moeAep.stopEmulator', async () => {
      if (!running) {
        void vscode.window.showInformationMessage('The local AEP emulator is not running.');
        return false;
      }
      await running.close();
      log.info(`emulator stopped (${running.url})`);
      running = undefined;
      return true;
    }),
    { dispose: () => void running?.close() },
  );
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

async function startFromProfile(log: vscode.LogOutputChannel, opts?: { port?: number; pointProfile?: boolean }): Promise<string | undefined> {
  if (running) {
    void vscode.window.showInformationMessage(`The local AEP emulator is already running at ${running.url}.`);
    return running.url;
  }
  const store = profileStore(log);
  const active = await store.active().catch(() => undefined);
  const env = active?.env;
  const folder = active?.folder ?? vscode.workspace.workspaceFolders?.[0];
  const file = (rel?: string) => (folder && rel ? vscode.Uri.joinPath(folder.uri, rel) : undefined);
  const schemaUri = file(env?.schemaFile);
  const mappingUri = file(env?.mappingFile);
  const schemaText = schemaUri && (await readText(schemaUri));
  const mappingText = env?.inletKind === 'raw' && mappingUri ? await readText(mappingUri) : undefined;

  const [{ startEmulator }, { loadPipeline }] = await Promise.all([import('../../emulator/server'), import('../../emulator/pipeline')]);
  let pipeline: ReturnType<typeof loadPipeline> = { warnings: [] };
  try {
    pipeline = loadPipeline({
      schema: schemaText ? { text: schemaText, fileName: env!.schemaFile! } : undefined,
      mapping: mappingText ? { text: mappingText, fileName: env!.mappingFile! } : undefined,
    });
  } catch (e) {
    void vscode.window.showWarningMessage(`The emulator starts without schema validation: ${(e as Error).message}`);
  }
  for (const w of pipeline.warnings) log.warn(`emulator: ${w}`);

  // Keep the inlet of a loopback endpoint, so the profile stays valid across restarts.
  const endpoint = env?.endpoint ? safeUrl(env.endpoint) : undefined;
  const loopback = endpoint && /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(endpoint.hostname);
  const inletId = loopback ? endpoint.pathname.match(/collection\/([0-9a-f]{64})/i)?.[1]?.toLowerCase() : undefined;
  const port = opts?.port ?? vscode.workspace.getConfiguration('moeAep').get<number>('emulator.port', 0);
  try {
    running = await startEmulator({
      port,
      inletId,
      kind: env?.inletKind ?? 'raw',
      imsOrgId: env?.imsOrgId,
      transform: pipeline.transform,
      validate: pipeline.validate,
      log: (l) => log.trace(`emulator: ${l}`),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    void vscode.window.showErrorMessage(
      err.code === 'EADDRINUSE' ? `Port ${port} is in use; set "moeAep.emulator.port" to 0 or another port.` : `The local AEP emulator did not start: ${err.message}`,
    );
    return undefined;
  }
  log.info(`emulator listening on ${running.url} (${pipeline.schema ? 'validating against ' + env?.schemaFile : 'no schema'})`);

  const pointIt =
    opts?.pointProfile ??
    (active && env?.endpoint !== running.url
      ? (await vscode.window.showInformationMessage(
          `Local AEP emulator listening on ${running.url}. Point the "${active.environment}" environment at it?`,
          'Use Emulator',
          'Not Now',
        )) === 'Use Emulator'
      : false);
  if (pointIt && active) {
    await store.saveEnvironment(active.environment, { ...active.env, endpoint: running.url }, ['endpoint']);
    log.info(`environment "${active.environment}" now sends to ${running.url}`);
  }
  return running.url;
}

function safeUrl(s: string): URL | undefined {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}
