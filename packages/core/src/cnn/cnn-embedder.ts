import type { Embedder } from '../ports/embedder.ts';
import { normalizeText } from '../text/normalize-text.ts';
import type { TextCnn } from './text-cnn.ts';

/** The trained text CNN as the sentence encoder behind vector recall (hnswlib). */
export function createCnnEmbedder(model: TextCnn, fingerprint: string): Embedder {
  return {
    id: `text-cnn:${fingerprint}`,
    dimension: model.config.outDim,
    async embed(inputs) {
      return model.embed(inputs.map((i) => ({ normalized: normalizeText(i.text), tokens: i.tokens })));
    },
  };
}
