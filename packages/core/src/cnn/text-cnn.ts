import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs';
import type { WordVectors } from '../ports/word-vectors.ts';
import { concatVectors } from '../text/similarity.ts';
import { featurize, type FeatureShape, type UnitSequence } from './cnn-features.ts';
import type { Tf } from './tensor-runtime.ts';

export interface TextCnnConfig extends FeatureShape {
  subwordDim: number;
  widths: number[];
  filters: number;
  outDim: number;
  /** Cosine-softmax temperature: logits = scale × cos(query, entry prototype). */
  scale: number;
}

export const DEFAULT_CNN_CONFIG: TextCnnConfig = { maxUnits: 24, subwordsPerUnit: 6, buckets: 1 << 15, subwordDim: 32, widths: [1, 2, 3], filters: 96, outDim: 128, scale: 16 };

/** Everything that defines a trained model: config, entry ids (one prototype each) and one flat weight block. */
export interface TextCnnState {
  config: TextCnnConfig;
  wordVectorsId: string | null;
  entryIds: string[];
  weights: Float32Array;
}

/** A batch as tensors, plus the subword ids the embedding update needs. */
export interface CnnBatch {
  size: number;
  vectors: Tensor;
  subwordSum: Tensor;
  mask: Tensor;
  ids: Int32Array;
}

/**
 * A text CNN: each unit (word) is its pre-trained word vector (when given) next to the sum of its hashed
 * subword embeddings (word, characters, character trigrams); convolutions of several widths with ReLU and
 * max-pooling over the sequence, a dense projection, then unit length. Entries are prototypes in the same
 * space, so the model is both a sentence encoder (for vector recall) and a query–entry scorer (for reranking).
 */
export class TextCnn {
  readonly subwordEmbeddings: Float32Array;
  readonly convKernels: Variable[];
  readonly convBiases: Variable[];
  readonly dense: Variable;
  readonly prototypes: Variable;

  constructor(
    readonly tf: Tf,
    readonly config: TextCnnConfig,
    readonly entryIds: string[],
    readonly wordVectors: WordVectors | undefined,
    init: { random: () => number } | { weights: Float32Array },
  ) {
    const { subwordDim, widths, filters, outDim, buckets } = config;
    const inDim = this.inputDim;
    const shapes = [[buckets * subwordDim], ...widths.map((w) => [w * inDim, filters]), ...widths.map(() => [filters]), [this.hiddenDim, outDim], [entryIds.length, outDim]];
    const scales = [0.1, ...widths.map((w) => Math.sqrt(2 / (w * inDim))), ...widths.map(() => 0), Math.sqrt(1 / this.hiddenDim), 0.1];
    const blocks: Float32Array[] = [];
    let offset = 0;
    shapes.forEach((shape, i) => {
      const size = shape.reduce((a, b) => a * b, 1);
      if ('weights' in init) blocks.push(init.weights.subarray(offset, offset + size));
      else blocks.push(Float32Array.from({ length: size }, () => gaussian(init.random) * scales[i]!));
      offset += size;
    });
    if ('weights' in init && offset !== init.weights.length) throw new Error(`model weights hold ${init.weights.length} numbers, the config needs ${offset}`);
    this.subwordEmbeddings = Float32Array.from(blocks[0]!);
    // Named by TensorFlow.js, whose names are unique in the process (a counter of our own restarts when the module is loaded again).
    const variable = (i: number) => tf.tidy(() => tf.variable(tf.tensor(blocks[i]!, shapes[i]!), true));
    this.convKernels = widths.map((_, i) => variable(1 + i));
    this.convBiases = widths.map((_, i) => variable(1 + widths.length + i));
    this.dense = variable(1 + 2 * widths.length);
    this.prototypes = variable(2 + 2 * widths.length);
  }

  get inputDim(): number {
    return this.config.subwordDim + (this.wordVectors?.dimension ?? 0);
  }

  /** Pooled convolution features, plus the mean word vector when there are word vectors (a smooth meaning signal that few examples cannot overfit). */
  get hiddenDim(): number {
    return this.config.widths.length * this.config.filters + (this.wordVectors?.dimension ?? 0);
  }

  get variables(): Variable[] {
    return [...this.convKernels, ...this.convBiases, this.dense, this.prototypes];
  }

  features(input: { normalized: string; tokens: readonly string[] }): UnitSequence {
    return featurize(input.normalized, input.tokens, this.config, this.wordVectors);
  }

  batch(sequences: readonly UnitSequence[]): CnnBatch {
    const { tf } = this;
    const { maxUnits: L, subwordsPerUnit: K, subwordDim: DS } = this.config;
    const G = this.wordVectors?.dimension ?? 0;
    const B = sequences.length;
    const ids = new Int32Array(B * L * K);
    const vectors = new Float32Array(B * L * G);
    const mask = new Float32Array(B * L);
    const sum = new Float32Array(B * L * DS);
    sequences.forEach((s, b) => {
      ids.set(s.ids, b * L * K);
      vectors.set(s.vectors, b * L * G);
      mask.set(s.mask, b * L);
    });
    const E = this.subwordEmbeddings;
    for (let p = 0; p < B * L; p++) {
      for (let k = 0; k < K; k++) {
        const row = ids[p * K + k]!;
        if (row) for (let d = 0; d < DS; d++) sum[p * DS + d]! += E[row * DS + d]!;
      }
    }
    return { size: B, ids, vectors: tf.tensor3d(vectors, [B, L, G]), subwordSum: tf.tensor3d(sum, [B, L, DS]), mask: tf.tensor3d(mask, [B, L, 1]) };
  }

  /** Unit-length sentence vectors [B, outDim]; `dropout` only while training. */
  encode(batch: CnnBatch, subwordSum: Tensor, weights: Tensor[], dropout?: { input: number; hidden: number; seed: number }): Tensor2D {
    const { tf } = this;
    const { widths, maxUnits: L, filters } = this.config;
    const n = widths.length;
    const D = this.inputDim;
    const B = batch.size;
    let x = (this.wordVectors ? tf.concat([batch.vectors, subwordSum], 2) : subwordSum) as Tensor;
    if (dropout) x = tf.dropout(x, dropout.input, undefined, dropout.seed);
    const pooled = widths.map((w, i) => {
      // Convolution as one matMul over w shifted copies of the sequence (im2col).
      const padded = w > 1 ? tf.pad(x, [[0, 0], [0, w - 1], [0, 0]]) : x;
      const columns = w > 1 ? tf.concat(Array.from({ length: w }, (_, o) => tf.slice(padded, [0, o, 0], [B, L, D])), 2) : x;
      const y = tf.reshape(tf.add(tf.matMul(tf.reshape(columns, [B * L, w * D]), weights[i]!), weights[n + i]!), [B, L, filters]);
      return tf.max(tf.mul(tf.relu(y), batch.mask), 1);
    });
    if (this.wordVectors) {
      const mean = tf.div(tf.sum(tf.mul(batch.vectors, batch.mask), 1), tf.add(tf.sum(batch.mask, 1), 1e-6));
      pooled.push(tf.mul(mean, MEAN_VECTOR_WEIGHT));
    }
    let h = tf.concat(pooled, 1);
    if (dropout) h = tf.dropout(h, dropout.hidden, undefined, dropout.seed + 1);
    return unitRows(tf, tf.matMul(h, weights[2 * n]!));
  }

  /** Unit-length prototypes [entries, outDim]. */
  unitPrototypes(prototypes: Tensor = this.prototypes): Tensor2D {
    return unitRows(this.tf, prototypes);
  }

  /** Sentence vectors for texts, in batches. */
  embed(inputs: readonly { normalized: string; tokens: readonly string[] }[]): Float32Array[] {
    const out: Float32Array[] = [];
    for (let start = 0; start < inputs.length; start += 256) {
      const batch = this.batch(inputs.slice(start, start + 256).map((i) => this.features(i)));
      const data = this.tf.tidy(() => this.encode(batch, batch.subwordSum, this.variables).dataSync() as Float32Array);
      this.tf.dispose([batch.vectors, batch.subwordSum, batch.mask]);
      for (let b = 0; b < batch.size; b++) out.push(data.slice(b * this.config.outDim, (b + 1) * this.config.outDim));
    }
    return out;
  }

  /** Cosine of a sentence vector with every entry prototype, in entryIds order. */
  prototypeCosines(vector: Float32Array): Float32Array {
    return this.tf.tidy(() => this.tf.matMul(this.tf.tensor2d(vector, [1, vector.length]), this.unitPrototypes(), false, true).dataSync() as Float32Array);
  }

  state(): TextCnnState {
    const weights = concatVectors([this.subwordEmbeddings, ...this.variables.map((v) => v.dataSync() as Float32Array)]);
    return { config: this.config, wordVectorsId: this.wordVectors?.id ?? null, entryIds: this.entryIds, weights };
  }

  dispose(): void {
    this.tf.dispose(this.variables);
  }
}

/** Scales the mean word vector (unit-length words) to the size of the pooled ReLU features. */
const MEAN_VECTOR_WEIGHT = 3;

function unitRows(tf: Tf, m: Tensor): Tensor2D {
  return tf.div(m, tf.add(tf.norm(m, 2, 1, true), 1e-6)) as Tensor2D;
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
}
