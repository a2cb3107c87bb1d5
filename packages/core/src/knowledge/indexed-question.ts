/** One stored question as the pipeline sees it. */
export interface IndexedQuestion {
  docId: number;
  entryId: string;
  /** As written in the knowledge base. */
  text: string;
  normalized: string;
  tokens: string[];
  vector: Float32Array;
}
