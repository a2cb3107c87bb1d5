import hnswlib from 'hnswlib-node';
import type { VectorHit, VectorIndex } from '../ports/vector-index.ts';
import { CoreError } from '../errors.ts';

export interface HnswOptions {
  dimension: number;
  /** Search breadth: higher is more accurate and slower. */
  efSearch?: number;
  m?: number;
  efConstruction?: number;
  /** Load a previously saved index instead of starting empty. */
  loadFrom?: { path: string; docIds: number[] };
}

const INITIAL_CAPACITY = 1024;

/**
 * Vector index on hnswlib-node (HNSW graph, cosine space). Grows as documents are added;
 * removals use hnswlib's markDelete so no rebuild is needed. Document ids are never reused.
 */
export function createHnswVectorIndex({ dimension, efSearch = 64, m = 16, efConstruction = 100, loadFrom }: HnswOptions): VectorIndex {
  const index = new hnswlib.HierarchicalNSW('cosine', dimension);
  const live = new Set<number>();
  if (loadFrom) {
    try {
      index.readIndexSync(loadFrom.path, true);
    } catch (error) {
      throw new CoreError('CORE_INDEX_INCOMPATIBLE', `the saved vector index "${loadFrom.path}" is damaged: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const stored = new Set(index.getIdsList());
    const missing = loadFrom.docIds.filter((id) => !stored.has(id)).length;
    if (missing > 0) throw new CoreError('CORE_INDEX_INCOMPATIBLE', `the saved vector index "${loadFrom.path}" lacks ${missing} of its ${loadFrom.docIds.length} questions`);
    for (const id of loadFrom.docIds) live.add(id);
  } else {
    index.initIndex({ maxElements: INITIAL_CAPACITY, m, efConstruction, randomSeed: 42 });
  }
  index.setEf(efSearch);

  return {
    get size() {
      return live.size;
    },
    add(docId, vector) {
      if (index.getCurrentCount() >= index.getMaxElements()) index.resizeIndex(index.getMaxElements() * 2);
      if (live.has(docId)) throw new CoreError('CORE_BAD_ARGUMENT', `document ${docId} is already indexed`);
      index.addPoint(Array.from(vector), docId);
      live.add(docId);
    },
    remove(docId) {
      if (!live.delete(docId)) return;
      index.markDelete(docId);
    },
    search(vector, limit) {
      const k = Math.min(limit, live.size);
      if (k === 0) return [];
      const { neighbors, distances } = index.searchKnn(Array.from(vector), k);
      return neighbors.map((docId, i) => ({ docId, similarity: 1 - distances[i]! }));
    },
    async save(path) {
      await index.writeIndex(path);
    },
  };
}
