export interface VectorHit {
  docId: number;
  /** Cosine similarity in [-1, 1]. */
  similarity: number;
}

/** Approximate nearest-neighbour index over unit vectors, keyed by document id. */
export interface VectorIndex {
  add(docId: number, vector: Float32Array): void;
  remove(docId: number): void;
  search(vector: Float32Array, limit: number): VectorHit[];
  save(path: string): Promise<void>;
  readonly size: number;
}
