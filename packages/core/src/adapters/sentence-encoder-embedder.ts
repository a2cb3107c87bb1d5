import type { Embedder } from '../ports/embedder.ts';
import { loadSentenceEncoder, type SentenceEncoderModel } from '../sentence-encoder/sentence-encoder-model.ts';
import { scaleToUnitLength } from '../text/similarity.ts';

export interface SentenceEncoderEmbedderOptions {
  /** A folder with model.json, weight shards and vocab.json; the copy installed from npm by default. */
  modelDir?: string;
  /** Texts encoded per call. */
  batchSize?: number;
}

/** The embedder with the model behind it (whose top layer a ranker may fine-tune). */
export interface SentenceEncoderEmbedder extends Embedder {
  readonly model: SentenceEncoderModel;
}

/**
 * Pretrained English sentence vectors (Universal Sentence Encoder lite, installed from the npm registry,
 * no download at run time): paraphrases with no word in common land close together, which the
 * download-free hashing embedder cannot do. English only: Chinese text falls outside its vocabulary.
 *
 * @example const bot = await createBot({ knowledge: 'faq.jsonl', embedder: await createSentenceEncoderEmbedder() });
 */
export async function createSentenceEncoderEmbedder({ modelDir, batchSize = 64 }: SentenceEncoderEmbedderOptions = {}): Promise<SentenceEncoderEmbedder> {
  const model = await loadSentenceEncoder(modelDir);
  return {
    id: modelDir ? `use-lite:${modelDir}` : 'use-lite-en',
    dimension: model.dimension,
    semantic: true,
    model,
    async embed(inputs) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < inputs.length; start += batchSize) {
        const batch = await model.encode(inputs.slice(start, start + batchSize).map((input) => input.text));
        vectors.push(...batch.map(scaleToUnitLength));
      }
      return vectors;
    },
  };
}
