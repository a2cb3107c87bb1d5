import type { Embedder } from '../ports/embedder.ts';
import { normalizeText } from '../text/normalize-text.ts';
import type { TextCnnEnsemble } from './text-cnn-ensemble.ts';

/** The trained text CNN as the sentence encoder behind vector recall (hnswlib). */
export function createCnnEmbedder(model: TextCnnEnsemble, fingerprint: string): Embedder {
  return {
    id: `text-cnn:${fingerprint}`,
    dimension: model.dimension,
    async embed(inputs) {
      return model.embed(inputs.map((i) => ({ normalized: normalizeText(i.text), tokens: i.tokens })));
    },
  };
}
