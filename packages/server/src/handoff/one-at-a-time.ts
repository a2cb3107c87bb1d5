/**
 * Runs work for the same key one after another, in the order it came (different keys run side by side).
 * A conversation's bot turns go through it: two quick "是" would otherwise both read the same flow step and
 * submit twice, and two quick answers would both be read against the same question.
 */
export function oneAtATime() {
  const tails = new Map<string, Promise<unknown>>();
  return function run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.catch(() => undefined).then(work);
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}
