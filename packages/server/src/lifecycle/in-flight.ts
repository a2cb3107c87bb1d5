/** Work a node has accepted but not finished (acknowledged handlers, bot turns), so a stopping node can wait for it. */
export interface InFlight {
  track<T>(work: Promise<T>): Promise<T>;
  readonly size: number;
  /** Resolves true when nothing is pending, false if `timeoutMs` passed first. */
  settled(timeoutMs: number): Promise<boolean>;
}

export function createInFlight(): InFlight {
  const pending = new Set<Promise<void>>();
  return {
    track(work) {
      const done = work.then(
        () => undefined,
        () => undefined,
      );
      pending.add(done);
      void done.then(() => pending.delete(done));
      return work;
    },
    get size() {
      return pending.size;
    },
    async settled(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (pending.size > 0) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([Promise.all(pending), new Promise((resolve) => (timer = setTimeout(resolve, left)))]);
        clearTimeout(timer);
      }
      return true;
    },
  };
}
