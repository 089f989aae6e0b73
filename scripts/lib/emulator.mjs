// Starts `moe-aep emulator` (the built CLI) configured like the workspace's active environment: its schema,
// mapping, inlet kind, org and inlet ID, so the demo and the UI tests send to an AEP stand-in that behaves like
// the one the example profile describes. Returns null when the CLI is not built.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './env.mjs';

export function activeEnvironment(workspace) {
  try {
    const doc = JSON.parse(fs.readFileSync(path.join(workspace, 'moengage-aep.json'), 'utf8'));
    return { doc, name: doc.activeEnvironment, env: doc.environments?.[doc.activeEnvironment] ?? {} };
  } catch {
    return { doc: undefined, name: undefined, env: {} };
  }
}

export async function startWorkspaceEmulator(workspace, { dataDir, port = 0 } = {}) {
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) return null;
  const { env } = activeEnvironment(workspace);
  const args = [cli, 'emulator', '--port', String(port)];
  const kind = env.inletKind ?? 'raw';
  args.push('--kind', kind);
  if (env.imsOrgId) args.push('--ims-org', env.imsOrgId);
  const inlet = String(env.endpoint ?? '').match(/collection\/([0-9a-f]{64})/i)?.[1];
  if (inlet) args.push('--inlet', inlet.toLowerCase());
  const schema = env.schemaFile && path.join(workspace, env.schemaFile);
  const mapping = env.mappingFile && path.join(workspace, env.mappingFile);
  if (schema && fs.existsSync(schema)) args.push('--schema', schema);
  if (kind === 'raw' && mapping && fs.existsSync(mapping)) args.push('--mapping', mapping);
  if (dataDir) args.push('--data', dataDir);
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let buf = '';
  const url = await new Promise((resolve) => {
    const t = setTimeout(() => resolve(null), 20_000);
    const on = (d) => {
      buf += d;
      const m = buf.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(t);
        resolve(m[1]);
      }
    };
    proc.stdout.on('data', on);
    proc.stderr.on('data', on);
    proc.once('exit', () => {
      clearTimeout(t);
      resolve(null);
    });
  });
  if (!url) {
    proc.kill();
    throw new Error(`the emulator did not start:\n${buf}`);
  }
  return { url, origin: new URL(url).origin, proc, output: () => buf, close: () => proc.kill() };
}

/** Points the workspace's active environment at an endpoint (keeps every other field). */
export function pointWorkspaceAt(workspace, endpoint) {
  const { doc, env } = activeEnvironment(workspace);
  if (!doc) return;
  env.endpoint = endpoint;
  fs.writeFileSync(path.join(workspace, 'moengage-aep.json'), JSON.stringify(doc, null, 2) + '\n');
}
