import { createHnswVectorIndex } from '../adapters/hnsw-vector-index.ts';
import { CoreError } from '../errors.ts';
import type { VectorIndex } from '../ports/vector-index.ts';
import type { KnowledgeEntry } from '../types.ts';
import { readSnapshot, type Snapshot } from './index-snapshot.ts';
import { createKnowledgeIndex, type KnowledgeIndex, type KnowledgeIndexParts } from './knowledge-index.ts';

export interface OpenedIndex {
  index: KnowledgeIndex;
  vectorIndex: VectorIndex;
  /** The snapshot the index was restored from, when one matched the knowledge base and the embedder. */
  snapshot?: Snapshot;
  /** Why the snapshot in the index folder could not be used (it is damaged): the index was built instead. */
  rebuilt?: string;
}

/**
 * The knowledge base's index: restored from the snapshot in `indexDir` when that was built from the same knowledge
 * base (`knowledgeHash`) with the same embedder, built otherwise. A damaged snapshot is not thrown: the index is
 * built from the entries and `rebuilt` says what was wrong (the caller writes a good snapshot over it).
 *
 * @example
 * const { index, snapshot, rebuilt } = await openIndex(parts, entries, { indexDir: '.index', knowledgeHash: hash });
 */
export async function openIndex(parts: Omit<KnowledgeIndexParts, 'vectorIndex'>, entries: readonly KnowledgeEntry[], saved: { indexDir?: string | undefined; knowledgeHash: string }): Promise<OpenedIndex> {
  const { embedder } = parts;
  let rebuilt: string | undefined;
  if (saved.indexDir) {
    try {
      const snapshot = await readSnapshot(saved.indexDir);
      if (snapshot && snapshot.manifest.knowledgeHash === saved.knowledgeHash && snapshot.manifest.embedderId === embedder.id) {
        const odd = snapshot.questions.find((q) => q.vector.length !== embedder.dimension);
        if (odd) throw new CoreError('CORE_INDEX_INCOMPATIBLE', `the saved index in "${saved.indexDir}" is damaged: its vectors have ${odd.vector.length} numbers where the embedder makes ${embedder.dimension}`);
        const vectorIndex = createHnswVectorIndex({ dimension: embedder.dimension, loadFrom: { path: snapshot.vectorIndexPath, docIds: snapshot.questions.map((q) => q.docId) } });
        embedder.restore?.(snapshot.embedderState);
        const index = createKnowledgeIndex({ ...parts, vectorIndex });
        index.restore(snapshot.entries, snapshot.questions, snapshot.terms);
        return { index, vectorIndex, snapshot };
      }
    } catch (error) {
      // Whatever stops the restore (a cut file, a field of the wrong kind) means the snapshot is damaged; building over it mends it.
      rebuilt = error instanceof CoreError && error.code === 'CORE_INDEX_INCOMPATIBLE' ? error.message : `the saved index in "${saved.indexDir}" cannot be restored: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const vectorIndex = createHnswVectorIndex({ dimension: embedder.dimension });
  const index = createKnowledgeIndex({ ...parts, vectorIndex });
  await index.build(entries);
  return { index, vectorIndex, ...(rebuilt ? { rebuilt } : {}) };
}
