/** A counting semaphore (first come, first served): at most `limit` holders at once. Pure, in-process. */
export interface Semaphore {
  /** Resolves with the release function once a place is free; rejects if `signal` aborts while waiting. */
  acquire(signal?: AbortSignal): Promise<() => void>;
  readonly active: number;
  readonly waiting: number;
}

export function createSemaphore(limit: number): Semaphore {
  let active = 0;
  const queue: Array<() => void> = [];
  const release = () => {
    const next = queue.shift();
    if (next)
      next(); // the place passes straight to the next waiter
    else active -= 1;
  };
  const once = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };
  return {
    async acquire(signal) {
      if (active < limit) {
        active += 1;
        return once();
      }
      return new Promise((resolve, reject) => {
        const take = () => {
          signal?.removeEventListener('abort', abort);
          resolve(once());
        };
        const abort = () => {
          const i = queue.indexOf(take);
          if (i >= 0) queue.splice(i, 1);
          reject(signal!.reason instanceof Error ? signal!.reason : new Error('aborted while waiting'));
        };
        queue.push(take);
        signal?.addEventListener('abort', abort, { once: true });
      });
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}
