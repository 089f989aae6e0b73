import type { CoreDiagnostic } from '../diagnostics';

/** Messages between the extension host (or CLI) and the validation worker (dist/worker.js). */
export type WorkerRequest =
  | { type: 'validate'; id: number; key: string; text: string; fileName?: string; nowMs?: number }
  | { type: 'forget'; key: string };

export type WorkerReply =
  | { type: 'result'; id: number; diagnostics: CoreDiagnostic[]; incremental: boolean; ms: number }
  | { type: 'error'; id: number; message: string };
