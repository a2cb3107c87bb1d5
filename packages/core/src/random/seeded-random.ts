/** A seeded uniform generator in (0, 1) (Park–Miller): the same seed gives the same training run. */
export function seededRandom(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}
