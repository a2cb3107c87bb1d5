import type { WordVectors } from '../ports/word-vectors.ts';
import { hasHan } from '../text/script.ts';

/** How a text becomes the CNN's input: a sequence of units (words), each with hashed subword ids and an optional word vector. */
export interface FeatureShape {
  maxUnits: number;
  subwordsPerUnit: number;
  buckets: number;
}

export interface UnitSequence {
  /** maxUnits × subwordsPerUnit hashed ids; 0 = padding. */
  ids: Int32Array;
  /** maxUnits × word-vector dimension (empty without word vectors). */
  vectors: Float32Array;
  /** 1 where a unit is present. */
  mask: Float32Array;
}

function hashInto(text: string, buckets: number): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return 1 + ((h >>> 0) % (buckets - 1));
}

/** Chinese is written in words of few characters: the word and its characters; English: the word and its character trigrams (typos keep most trigrams). */
function subwords(unit: string): string[] {
  if (hasHan(unit)) return [`w:${unit}`, ...[...unit].map((c) => `c:${c}`)];
  const padded = `<${unit}>`;
  const grams = [`w:${unit}`];
  for (let i = 0; i + 3 <= padded.length; i++) grams.push(`g:${padded.slice(i, i + 3)}`);
  return grams;
}

/** English text by its words as written (word vectors know "translate", not the stem "translat"); Chinese by the segmenter's tokens. */
export function unitsOf(normalized: string, tokens: readonly string[]): string[] {
  return hasHan(normalized) ? [...tokens] : (normalized.match(/[a-z0-9']+/g) ?? []);
}

export function featurize(normalized: string, tokens: readonly string[], shape: FeatureShape, wordVectors?: WordVectors): UnitSequence {
  const { maxUnits, subwordsPerUnit, buckets } = shape;
  const dimension = wordVectors?.dimension ?? 0;
  const ids = new Int32Array(maxUnits * subwordsPerUnit);
  const vectors = new Float32Array(maxUnits * dimension);
  const mask = new Float32Array(maxUnits);
  unitsOf(normalized, tokens)
    .slice(0, maxUnits)
    .forEach((unit, i) => {
      mask[i] = 1;
      subwords(unit)
        .slice(0, subwordsPerUnit)
        .forEach((s, k) => (ids[i * subwordsPerUnit + k] = hashInto(s, buckets)));
      const v = wordVectors?.vector(unit);
      if (v) vectors.set(v, i * dimension);
    });
  return { ids, vectors, mask };
}
