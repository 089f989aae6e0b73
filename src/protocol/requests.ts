import type { ResultMessage, WebviewRequest } from './messages';

type Pending = { resolve: (r: ResultMessage) => void; timer?: ReturnType<typeof setTimeout> };
type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

/**
 * The webview side of request/reply: numbers each request and resolves it with the `result` that
 * carries the same id. Replies with an unknown id (late, duplicated) are ignored.
 */
export class RequestTracker {
  private next = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly post: (msg: WebviewRequest) => void,
    private readonly timeoutMs = 120_000,
  ) {}

  request(msg: DistributiveOmit<WebviewRequest, 'id'>): Promise<ResultMessage> {
    const id = this.next++;
    return new Promise((resolve) => {
      const p: Pending = { resolve };
      if (this.timeoutMs > 0) {
        p.timer = setTimeout(() => {
          this.pending.delete(id);
          resolve({ type: 'result', id, ok: false, message: 'VS Code did not answer; try again.' });
        }, this.timeoutMs);
      }
      this.pending.set(id, p);
      this.post({ ...msg, id } as WebviewRequest);
    });
  }

  /** Returns true when the reply matched a pending request. */
  settle(reply: ResultMessage): boolean {
    const p = this.pending.get(reply.id);
    if (!p) return false;
    this.pending.delete(reply.id);
    if (p.timer) clearTimeout(p.timer);
    p.resolve(reply);
    return true;
  }

  get size(): number {
    return this.pending.size;
  }
}
