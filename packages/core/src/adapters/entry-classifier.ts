import { seededRandom, shuffleInPlace } from '../random/seeded-random.ts';
import { charNgrams } from '../text/char-ngrams.ts';
import { softmaxInPlace } from '../text/softmax.ts';

/** Above this many entries the dense weight table grows too large; rankers fall back to features alone. */
export const MAX_CLASSIFIER_ENTRIES = 600;
const BUCKETS = 1 << 14;
const YIELD_EVERY = 64;

export interface ClassifierExample {
  entryId: string;
  normalized: string;
  tokens: readonly string[];
}

export interface ClassifierOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
}

/** Softmax regression over hashed word, word-bigram and character 1/2/3-gram features (short Chinese queries live on characters). */
export interface EntryClassifier {
  /** Probability of each known entry for a query; entries it was not trained on are absent. */
  probabilities(query: { text: string; tokens: readonly string[] }): Map<string, number>;
  knows(entryId: string): boolean;
  state(): ClassifierState;
}

export interface ClassifierState {
  entryIds: string[];
  bias: number[];
  /** BUCKETS × entries, row-major. */
  weights: Float32Array;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) % BUCKETS;
}

function featureBuckets(text: string, tokens: readonly string[]): number[] {
  const features = tokens.map((t) => `w:${t}`);
  for (let i = 0; i + 1 < tokens.length; i++) features.push(`b:${tokens[i]}_${tokens[i + 1]}`);
  for (const gram of charNgrams(text, [1, 2, 3])) features.push(`c:${gram}`);
  return [...new Set(features.map(hash))];
}

function classifierOver(entryIds: string[], weights: Float32Array, bias: Float32Array): EntryClassifier {
  const classes = entryIds.length;
  const indexOf = new Map(entryIds.map((id, i) => [id, i]));
  return {
    probabilities(query) {
      const logits = scores(featureBuckets(query.text, query.tokens), weights, bias, classes);
      const p = softmaxInPlace(logits);
      return new Map(entryIds.map((id, i) => [id, p[i]!]));
    },
    knows: (entryId) => indexOf.has(entryId),
    state: () => ({ entryIds, bias: Array.from(bias), weights }),
  };
}

function scores(buckets: readonly number[], weights: Float32Array, bias: Float32Array, classes: number): Float32Array {
  const z = Float32Array.from(bias);
  const scale = 1 / Math.sqrt(buckets.length || 1);
  for (const b of buckets) {
    const row = b * classes;
    for (let c = 0; c < classes; c++) z[c]! += weights[row + c]! * scale;
  }
  return z;
}

/**
 * Trains an entry classifier on the knowledge base's own questions (each entry a class) with
 * seeded SGD, so the same knowledge base always gives the same model. It yields to the event loop
 * between small batches, so a server keeps answering while it retrains.
 */
export async function trainEntryClassifier(examples: readonly ClassifierExample[], { epochs = 30, learningRate = 0.5, l2 = 1e-4, seed = 7 }: ClassifierOptions = {}): Promise<EntryClassifier> {
  const entryIds = [...new Set(examples.map((e) => e.entryId))];
  const classes = entryIds.length;
  const indexOf = new Map(entryIds.map((id, i) => [id, i]));
  const weights = new Float32Array(BUCKETS * classes);
  const bias = new Float32Array(classes);
  const data = examples.map((e) => ({ x: featureBuckets(e.normalized, e.tokens), y: indexOf.get(e.entryId)! }));
  const random = seededRandom(seed);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(data, random);
    for (let n = 0; n < data.length; n++) {
      if (n % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
      const { x, y } = data[n]!;
      const gradient = softmaxInPlace(scores(x, weights, bias, classes));
      gradient[y]! -= 1;
      const scale = 1 / Math.sqrt(x.length || 1);
      for (const b of x) {
        const row = b * classes;
        for (let c = 0; c < classes; c++) weights[row + c]! -= learningRate * (gradient[c]! * scale + l2 * weights[row + c]!);
      }
      for (let c = 0; c < classes; c++) bias[c]! -= learningRate * gradient[c]!;
    }
  }
  return classifierOver(entryIds, weights, bias);
}

export function restoreEntryClassifier(state: ClassifierState): EntryClassifier {
  if (state.weights.length !== BUCKETS * state.entryIds.length || state.bias.length !== state.entryIds.length) {
    throw new Error(`classifier state does not fit ${state.entryIds.length} entries`);
  }
  return classifierOver(state.entryIds, state.weights, Float32Array.from(state.bias));
}
