/**
 * How long to wait before connecting again after the `attempt`-th refusal (0 first): doubling from `baseMs`
 * up to `maxMs`, each wait a random 50–100% of that so widgets refused together do not all come back at once.
 *
 * @example retryDelay(0) // 500–1000 ms; retryDelay(10) // 15–30 s
 */
export function retryDelay(attempt: number, random: () => number = Math.random, baseMs = 1000, maxMs = 30_000): number {
  return Math.min(maxMs, baseMs * 2 ** attempt) * (0.5 + random() / 2);
}
