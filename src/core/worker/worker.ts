import { parentPort } from 'node:worker_threads';
import { PayloadValidator } from '../moengage/validate';
import type { WorkerReply, WorkerRequest } from './protocol';
import { MissingText, TransformCache } from './transform';

/**
 * Work off the extension host's main thread: validation of big payloads (> 2 MB; a full check of a
 * 20 MB file takes longer than a keystroke may stall) and running a user's mapping over a payload
 * (Preview XDM), whose regexes can backtrack for longer than anyone can wait; the host stops this
 * thread when a transform exceeds its budget. One PayloadValidator per document, so the incremental
 * path works here too.
 */
const validators = new Map<string, PayloadValidator>();
const transforms = new TransformCache();

function handle(msg: WorkerRequest): WorkerReply | undefined {
  if (msg.type === 'init') {
    transforms.setProgress(msg.progress);
    return undefined;
  }
  if (msg.type === 'forget') {
    validators.delete(msg.key);
    transforms.forget(msg.key);
    return undefined;
  }
  const t0 = performance.now();
  if (msg.type === 'transform') {
    parentPort?.postMessage({ type: 'started', id: msg.id } satisfies WorkerReply);
    try {
      const result = transforms.run(msg);
      return { type: 'transformed', id: msg.id, result, ms: performance.now() - t0 };
    } catch (e) {
      return { type: 'error', id: msg.id, message: (e as Error)?.message ?? String(e), missing: e instanceof MissingText || undefined };
    }
  }
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
