import type { Embedder, EmbedderInput } from '../ports/embedder.ts';
import { charNgrams } from '../text/char-ngrams.ts';
import { scaleToUnitLength } from '../text/similarity.ts';

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

function features(input: EmbedderInput): string[] {
  return [...input.tokens.map((t) => `w:${t}`), ...charNgrams(input.text).map((g) => `c:${g}`)];
}

/**
 * The default, download-free embedder: TF-IDF over words and character n-grams, with the IDF learnt
 * from the knowledge base (`fit`), folded into a dense vector by signed feature hashing.
 * It needs no model files and catches partial-word and segmentation-independent overlap that
 * word-level BM25 misses; it does not know synonyms (a transformer or the CNN encoder does).
 *
 * @example const embedder = createHashingEmbedder({ dimension: 256 });
 */
export function createHashingEmbedder({ dimension = 256 }: { dimension?: number } = {}): Embedder {
  let documentFrequency = new Map<string, number>();
  let documents = 0;

  function idf(feature: string): number {
    const df = documentFrequency.get(feature) ?? 0;
    return Math.log((documents + 1) / (df + 1)) + 1;
  }

  function embedOne(input: EmbedderInput): Float32Array {
    const vector = new Float32Array(dimension);
    const counts = new Map<string, number>();
    for (const f of features(input)) counts.set(f, (counts.get(f) ?? 0) + 1);
    for (const [f, count] of counts) {
      const h = hash(f);
      vector[h % dimension]! += (h & 0x80000000 ? -1 : 1) * (1 + Math.log(count)) * idf(f);
    }
    return scaleToUnitLength(vector);
  }

  return {
    id: `hashing-tfidf-${dimension}`,
    dimension,
    fit(corpus) {
      documentFrequency = new Map();
      documents = corpus.length;
      for (const input of corpus) for (const f of new Set(features(input))) documentFrequency.set(f, (documentFrequency.get(f) ?? 0) + 1);
    },
    async embed(inputs) {
      return inputs.map(embedOne);
    },
    state() {
      return { documents, documentFrequency: [...documentFrequency] };
    },
    restore(state) {
      const s = state as { documents: number; documentFrequency: [string, number][] };
      documents = s.documents;
      documentFrequency = new Map(s.documentFrequency);
    },
  };
}
