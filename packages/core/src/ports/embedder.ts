/** Turns texts into unit-length vectors for vector recall. */
export interface Embedder {
  /** Identifies the model and its settings; stored with a saved index so a mismatch is caught. */
  readonly id: string;
  readonly dimension: number;
  /** Vectors from a pretrained sentence model, in which paraphrases lie close: the default ranker then learns from them too. */
  readonly semantic?: boolean;
  /** Learns from the knowledge base's questions where the embedder is trained on it (no-op otherwise). */
  fit?(corpus: readonly EmbedderInput[]): Promise<void> | void;
  embed(inputs: readonly EmbedderInput[]): Promise<Float32Array[]>;
  /** Serialisable state learnt by `fit`, restored with `restore`. */
  state?(): unknown;
  restore?(state: unknown): void;
}

/** The text to embed, with its already-computed index terms. */
export interface EmbedderInput {
  text: string;
  tokens: readonly string[];
}
