import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

export interface EmulatorProcess {
  url: string;
  imsOrgId: string;
  pid: number;
  stored(): Promise<number>;
  close(): Promise<void>;
}

/** Starts `emulator.js` (bundled next to the runner) and waits until it listens. */
export function startEmulatorProcess(outDir: string, kind: 'raw' | 'xdm'): Promise<EmulatorProcess> {
  const child: ChildProcess = fork(path.join(outDir, 'emulator.js'), [kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let seq = 0;
  const waiting = new Map<number, (n: number) => void>();
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`emulator process exited with ${code} before it was ready`)));
    child.on('message', (m: { type: string; id?: number; url?: string; imsOrgId?: string; stats?: { stored: number } }) => {
      if (m.type === 'stats') waiting.get(m.id!)?.(m.stats!.stored);
      if (m.type !== 'ready') return;
      child.removeAllListeners('exit');
      resolve({
        url: m.url!,
        imsOrgId: m.imsOrgId!,
        pid: child.pid!,
        stored: () =>
          new Promise((res) => {
            const id = ++seq;
            waiting.set(id, res);
            child.send({ type: 'stats', id });
          }),
        close: () =>
          new Promise((res) => {
            if (child.exitCode !== null) return res();
            child.once('exit', () => res());
            child.send({ type: 'close' });
          }),
      });
    });
  });
}
