import type { Embedder } from '../ports/embedder.ts';

export interface BilingualEmbedderOptions {
  /** Embeds every text (the hashing embedder fitted on the knowledge base). */
  base: Embedder;
  /** A pretrained sentence encoder for the texts it `covers`. */
  english: Embedder;
  covers(text: string): boolean;
}

/**
 * For bilingual knowledge bases: every text gets the base vector, and the texts the sentence encoder covers
 * (English) also its vector, side by side, each half unit length. Two covered texts are compared on both
 * halves (cosine = the mean of the two cosines), any other pair on the base half alone, so Chinese text
 * recalls exactly as with the base embedder while English paraphrases find each other.
 */
export function createBilingualEmbedder({ base, english, covers }: BilingualEmbedderOptions): Embedder {
  return {
    id: `bilingual(${base.id}+${english.id})`,
    dimension: base.dimension + english.dimension,
    ...(base.fit ? { fit: (corpus) => base.fit!(corpus) } : {}),
    ...(base.state ? { state: () => base.state!() } : {}),
    ...(base.restore ? { restore: (state) => base.restore!(state) } : {}),
    async embed(inputs) {
      const baseVectors = await base.embed(inputs);
      const covered = inputs.flatMap((input, i) => (covers(input.text) ? [i] : []));
      const englishVectors = await english.embed(covered.map((i) => inputs[i]!));
      const englishOf = new Map(covered.map((i, k) => [i, englishVectors[k]!]));
      return baseVectors.map((b, i) => {
        const vector = new Float32Array(base.dimension + english.dimension);
        const e = englishOf.get(i);
        const scale = e ? Math.SQRT1_2 : 1;
        for (let d = 0; d < b.length; d++) vector[d] = b[d]! * scale;
        if (e) for (let d = 0; d < e.length; d++) vector[base.dimension + d] = e[d]! * scale;
        return vector;
      });
    },
  };
}
