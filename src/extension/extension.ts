import * as vscode from 'vscode';
import { features } from './features.generated';

/**
 * Wires the features; holds no business logic (that lives in src/core). Registration is synchronous and
 * cheap: no file I/O or schema compilation here — each feature loads what it needs on first use.
 */
export function activate(context: vscode.ExtensionContext): { activationMs: number; features: string[] } {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel('MoEngage → AEP', { log: true });
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('moeAep.showLog', () => log.show(true)),
  );
  const loaded: string[] = [];
  for (const f of features) {
    try {
      f.register(context, log);
      loaded.push(f.name);
    } catch (e) {
      // One broken feature must not take the others down with it.
      log.error(`feature ${f.name} failed to start: ${(e as Error)?.stack ?? String(e)}`);
    }
  }
  const activationMs = performance.now() - t0;
  log.info(`activated in ${activationMs.toFixed(1)} ms (${loaded.length} features)`);
  return { activationMs, features: loaded };
}

export function deactivate(): void {}
