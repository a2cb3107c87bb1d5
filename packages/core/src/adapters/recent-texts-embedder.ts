import type { Embedder } from '../ports/embedder.ts';

/**
 * Remembers the vectors of the last `size` texts it embedded one at a time (queries): where two stages encode
 * the same query (a bilingual bot's recall and its ranking), the second gets it for free. Batches (the
 * knowledge base's questions) pass straight through, so their vectors do not depend on what was asked before.
 */
export function rememberRecentTexts(embedder: Embedder, size = 64): Embedder {
  const recent = new Map<string, Float32Array>();
  return {
    ...embedder,
    async embed(inputs) {
      if (inputs.length !== 1) return embedder.embed(inputs);
      const text = inputs[0]!.text;
      let vector = recent.get(text);
      if (!vector) {
        [vector] = await embedder.embed(inputs);
        recent.set(text, vector!);
        if (recent.size > size) recent.delete(recent.keys().next().value!);
      }
      return [vector!];
    },
  };
}
