/** Dice coefficient of two multisets given as count maps. */
export function diceOfCounts(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let overlap = 0;
  let total = 0;
  for (const [g, n] of a) {
    overlap += Math.min(n, b.get(g) ?? 0);
    total += n;
  }
  for (const n of b.values()) total += n;
  return total === 0 ? 0 : (2 * overlap) / total;
}

export function countsOf(items: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

/** 1 − Levenshtein distance / longer length, over sequences of tokens (word order matters, spelling does not). */
export function editSimilarity(x: readonly string[], y: readonly string[]): number {
  if (x.length === 0 && y.length === 0) return 1;
  let previous = new Int32Array(y.length + 1);
  let current = new Int32Array(y.length + 1);
  for (let j = 0; j <= y.length; j++) previous[j] = j;
  for (let i = 1; i <= x.length; i++) {
    current[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return 1 - previous[y.length]! / Math.max(x.length, y.length);
}

/** The vectors one after another in one new array. */
export function concatVectors(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Scales a vector to unit length in place (a zero vector stays zero) and returns it. */
export function scaleToUnitLength(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}

/** Dot product: the cosine of two unit-length vectors. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

/** Sum of the terms' inverse document frequencies. */
export function idfMass(terms: Iterable<string>, idf: (term: string) => number): number {
  let mass = 0;
  for (const t of terms) mass += idf(t);
  return mass;
}

/** Share of the query terms' IDF mass whose terms `found` contains, in [0, 1] (0 for an empty query). */
export function idfCoverage(queryTerms: ReadonlySet<string>, found: ReadonlySet<string>, idf: (term: string) => number): number {
  return idfMass([...queryTerms].filter((t) => found.has(t)), idf) / (idfMass(queryTerms, idf) || 1);
}
