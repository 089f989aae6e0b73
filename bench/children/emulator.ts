/**
 * The local AEP emulator in its own process, so the client under test does not share an event loop
 * (or a garbage collector) with the server. It stores raw records (no mapping, no schema) and empties
 * its in-memory dataset often: the bench measures the client, not how much the emulator can hold.
 * Talks to the parent over IPC: `{ready}` once listening, `{stats}` on request.
 */
import { startEmulator } from '../../src/emulator';

async function main(): Promise<void> {
  const kind = process.argv[2] === 'xdm' ? 'xdm' : 'raw';
  const emu = await startEmulator({ kind, host: '127.0.0.1', port: 0 });
  const clear = setInterval(() => emu.clear(), 250);
  const send = (m: unknown) => process.send?.(m);
  process.on('message', (m: { type: string; id?: number }) => {
    if (m.type === 'stats') send({ type: 'stats', id: m.id, stats: emu.stats() });
    if (m.type === 'close') {
      clearInterval(clear);
      void emu.close().then(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', url: emu.url, imsOrgId: emu.imsOrgId, inletId: emu.inletId });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
