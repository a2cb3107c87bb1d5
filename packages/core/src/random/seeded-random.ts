/** A seeded uniform generator in (0, 1) (Park–Miller): the same seed gives the same training run. */
export function seededRandom(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

/** Shuffles a list in place (Fisher–Yates) with the given generator, and returns it. */
export function shuffleInPlace<T>(list: T[], random: () => number): T[] {
  for (let k = list.length - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [list[k], list[j]] = [list[j]!, list[k]!];
  }
  return list;
}
