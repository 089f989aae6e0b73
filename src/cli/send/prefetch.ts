/**
 * Keeps up to `ahead` items of an async source ready while the consumer is busy elsewhere. With one
 * batch in flight (`send --batch`'s default), the client otherwise prepares the next batch only after
 * the previous answer came back, leaving the CPU idle during every round trip; preparing ahead overlaps
 * the two. Bounded: at most `ahead` items wait here. Work is done in slices so answers and timers are
 * not starved while the buffer fills.
 */
export function prefetch<T>(source: AsyncIterable<T>, ahead: number, slice = 32): AsyncIterableIterator<T> {
  const it = source[Symbol.asyncIterator]();
  const ready: T[] = [];
  let done = false;
  let failure: { error: unknown } | undefined;
  let filling: Promise<void> | undefined;
  let stopped = false;
  // A consumer waiting on an empty buffer wants the next item, not the whole refill.
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const fill = (): Promise<void> => {
    filling ??= (async () => {
      try {
        let n = 0;
        while (!done && !stopped && ready.length < ahead) {
          const r = await it.next();
          if (r.done) done = true;
          else ready.push(r.value);
          notify();
          if (++n % slice === 0) await new Promise<void>((res) => setImmediate(res));
        }
      } catch (e) {
        failure = { error: e };
        done = true;
      } finally {
        filling = undefined;
        notify();
      }
    })();
    return filling;
  };

  const self: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      while (!ready.length && !done && !stopped) {
        const woken = new Promise<void>((res) => (wake = res));
        void fill();
        await woken;
      }
      if (ready.length) {
        const value = ready.shift()!;
        if (!done && !stopped) void fill();
        return { value, done: false };
      }
      if (failure) {
        const f = failure;
        failure = undefined;
        throw f.error;
      }
      return { value: undefined, done: true };
    },
    async return(): Promise<IteratorResult<T>> {
      stopped = true;
      ready.length = 0;
      await filling;
      await it.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return self;
    },
  };
  return self;
}
