import type { CoreDiagnostic } from '../diagnostics';
import type { TransformResult } from '../mapping/transform';

/**
 * A text the worker keeps between requests. `text` is sent only when the worker does not hold this
 * `version` of `key` yet, so a preview that follows keystrokes in the payload does not re-send (and the
 * worker does not re-parse and recompile) an unchanged mapping or schema every time.
 */
export interface CachedText {
  key: string;
  version: string;
  text?: string;
}

/** Messages between the extension host (or CLI) and the worker (dist/worker.js). */
export type WorkerRequest =
  | { type: 'validate'; id: number; key: string; text: string; fileName?: string; nowMs?: number }
  | { type: 'forget'; key: string }
  /** Shared progress cells (see PROGRESS_*) the worker writes while it transforms, readable after a timeout. */
  | { type: 'init'; progress: SharedArrayBuffer }
  | {
      type: 'transform';
      id: number;
      payload: CachedText;
      /** `fileName` decides CSV vs mapping-set JSON. */
      mapping: CachedText & { fileName: string };
      /** The resolved schema root (`XdmSchema.root` as JSON), or none. */
      schema?: CachedText;
    };

export type WorkerReply =
  | { type: 'result'; id: number; diagnostics: CoreDiagnostic[]; incremental: boolean; ms: number }
  /** The worker began this transform: the time budget counts from here, not from a cold worker's start-up. */
  | { type: 'started'; id: number }
  | { type: 'transformed'; id: number; result: TransformResult; ms: number }
  /** `missing`: the worker no longer holds a text the request referred to by version; send it again in full. */
  | { type: 'error'; id: number; message: string; missing?: boolean };

/** Int32 cells of the progress buffer: which request, mapping row (0-based, -1 = none yet) and event (0-based) run now. */
export const PROGRESS_REQUEST = 0;
export const PROGRESS_ROW = 1;
export const PROGRESS_EVENT = 2;
export const PROGRESS_CELLS = 3;
