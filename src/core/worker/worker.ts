import { parentPort } from 'node:worker_threads';
import { PayloadValidator } from '../moengage/validate';
import type { WorkerReply, WorkerRequest } from './protocol';

/**
 * Validation off the extension host's main thread for big payloads (> 2 MB): a full check of a
 * 20 MB file takes longer than a keystroke may stall. One PayloadValidator per document, so the
 * incremental path works here too.
 */
const validators = new Map<string, PayloadValidator>();

function handle(msg: WorkerRequest): WorkerReply | undefined {
  if (msg.type === 'forget') {
    validators.delete(msg.key);
    return undefined;
  }
  const t0 = performance.now();
  try {
    let v = validators.get(msg.key);
    if (!v) {
      const fileName = msg.fileName;
      v = new PayloadValidator({ fileName, now: msg.nowMs ? () => new Date(msg.nowMs!) : undefined });
      validators.set(msg.key, v);
    }
    const diagnostics = v.validate(msg.text);
    return { type: 'result', id: msg.id, diagnostics, incremental: v.lastRunIncremental, ms: performance.now() - t0 };
  } catch (e) {
    validators.delete(msg.key);
    return { type: 'error', id: msg.id, message: (e as Error)?.message ?? String(e) };
  }
}

parentPort?.on('message', (msg: WorkerRequest) => {
  const reply = handle(msg);
  if (reply) parentPort!.postMessage(reply);
});
