import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs';
import { loadTensorflow, type Tf } from '../cnn/tensor-runtime.ts';
import { seededRandom, shuffleInPlace } from '../random/seeded-random.ts';
import { concatVectors } from '../text/similarity.ts';
import { restoreVectorClassifier, type VectorClassifier } from '../adapters/vector-classifier.ts';
import { TOP_LAYER_NAMES, TOP_LAYER_SHAPES, TOP_LAYER_SIZE, tokenBatch, topLayerForward, topLayerWeightSize, type TopLayerName, type TopLayerWeights } from './encoder-top-layer.ts';
import type { TokenStates } from './sentence-encoder-model.ts';

export interface FineTuneOptions {
  /** Passes over the questions (3 was best on CLINC150 dev; more overfits ten questions per entry). */
  epochs?: number;
  learningRate?: number;
  batchSize?: number;
  /** Pull of each weight back towards its pretrained value (L2-SP), so the layer adapts without forgetting. */
  anchor?: number;
  /** Logit scale of the cosine classifier. */
  temperature?: number;
  /**
   * Taken off the right entry's similarity in training (CosFace's additive margin), so entries end up
   * tighter and further apart. CLINC150 dev top-1 0.8553 / 0.8583 / 0.8590 / 0.8577 at 0 / 0.1 / 0.15 / 0.25.
   */
  margin?: number;
  seed?: number;
}

/** The encoder's top layer retrained to tell the knowledge base's entries apart, with the classifier trained alongside it. */
export interface FineTunedEncoder {
  readonly entryIds: readonly string[];
  /** Unit-length sentence vectors from token states (`SentenceEncoderModel.tokenStates`). */
  embed(states: readonly TokenStates[]): Promise<Float32Array[]>;
  /** The classifier's probability of each entry (in `entryIds` order) for a vector from `embed`. */
  probabilities(vector: Float32Array): Float32Array;
  state(): { meta: FineTunedMeta; weights: Float32Array };
  dispose(): void;
}

export interface FineTunedMeta {
  entryIds: string[];
  temperature: number;
}

const WIDTH = TOP_LAYER_SHAPES.headBias[0];
const EMBED_BATCH = 64;

/** Unit-length vectors of texts from their token states, through the top layer with these weights. */
async function embedStates(tf: Tf, layer: Record<TopLayerName, Tensor>, states: readonly TokenStates[]): Promise<Float32Array[]> {
  const vectors: Float32Array[] = [];
  for (let start = 0; start < states.length; start += EMBED_BATCH) {
    const batch = states.slice(start, start + EMBED_BATCH);
    const output = tf.tidy(() => topLayerForward(tf, layer, tokenBatch(tf, batch)));
    const flat = (await output.data()) as Float32Array;
    output.dispose();
    batch.forEach((_, row) => vectors.push(flat.slice(row * WIDTH, (row + 1) * WIDTH)));
  }
  return vectors;
}

/** The classifier trained alongside is a softmax over the entries' unit centroids: a VectorClassifier (last column the bias). */
function classifierOf(entryIds: string[], centroids: Float32Array, bias: Float32Array, temperature: number): VectorClassifier {
  const weights = new Float32Array(entryIds.length * (WIDTH + 1));
  entryIds.forEach((_, c) => {
    weights.set(centroids.subarray(c * WIDTH, (c + 1) * WIDTH), c * (WIDTH + 1));
    weights[c * (WIDTH + 1) + WIDTH] = bias[c]!;
  });
  return restoreVectorClassifier({ entryIds, dimension: WIDTH, weights }, temperature);
}

function encoderOver(tf: Tf, layer: Record<TopLayerName, Tensor>, classifier: VectorClassifier, temperature: number): FineTunedEncoder {
  const { entryIds, weights } = classifier.state();
  return {
    entryIds,
    embed: (states) => embedStates(tf, layer, states),
    probabilities: (vector) => classifier.probabilities(vector),
    state: () => ({ meta: { entryIds, temperature }, weights: concatVectors([...TOP_LAYER_NAMES.map((name) => layer[name].dataSync() as Float32Array), weights]) }),
    dispose: () => tf.dispose(Object.values(layer)),
  };
}

/**
 * One epoch's batches: shuffled, then grouped by length so a batch pads little (training takes about 40%
 * less time than with random batches; CLINC150 dev top-1 0.852 -> 0.855), the batches in random order.
 */
export function lengthBuckets<T>(items: readonly T[], lengthOf: (item: T) => number, batchSize: number, random: () => number): T[][] {
  const byLength = shuffleInPlace([...items], random).sort((a, b) => lengthOf(a) - lengthOf(b));
  const batches: T[][] = [];
  for (let from = 0; from < byLength.length; from += batchSize) batches.push(byLength.slice(from, from + batchSize));
  return shuffleInPlace(batches, random);
}

const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Fine-tunes the sentence encoder's last transformer layer and pooling head on the knowledge base's
 * questions (each entry a class) with a cosine classifier on top, starting from the pretrained weights.
 * It stops between batches, rejecting, once `signal` aborts.
 * The layers below stay frozen, so the graph computes their token states once per text. Seeded: the same
 * questions give the same model. It yields to the event loop between batches, so a server keeps answering.
 */
export async function fineTuneEncoder(pretrained: TopLayerWeights, examples: readonly { entryId: string; states: TokenStates }[], { epochs = 3, learningRate = 5e-4, batchSize = 32, anchor = 1e-3, temperature = 10, margin = 0.15, seed = 7 }: FineTuneOptions = {}, signal?: AbortSignal): Promise<FineTunedEncoder> {
  const tf = await loadTensorflow();
  const entryIds = [...new Set(examples.map((e) => e.entryId))];
  const row = new Map(entryIds.map((id, i) => [id, i]));
  const start = Object.fromEntries(TOP_LAYER_NAMES.map((name) => [name, tf.tensor(pretrained[name], [...TOP_LAYER_SHAPES[name]])])) as Record<TopLayerName, Tensor>;
  const layer = Object.fromEntries(TOP_LAYER_NAMES.map((name) => [name, tf.variable(start[name])])) as Record<TopLayerName, Variable>;
  const firstVectors = await embedStates(tf, start, examples.map((e) => e.states));
  const means = new Float32Array(entryIds.length * WIDTH);
  firstVectors.forEach((v, i) => {
    const c = row.get(examples[i]!.entryId)!;
    for (let d = 0; d < WIDTH; d++) means[c * WIDTH + d]! += v[d]!;
  });
  for (let c = 0; c < entryIds.length; c++) {
    const norm = Math.hypot(...means.subarray(c * WIDTH, (c + 1) * WIDTH)) || 1;
    for (let d = 0; d < WIDTH; d++) means[c * WIDTH + d]! /= norm;
  }
  // A variable shares its first value's memory; the value is disposed at once, so only the variable holds it.
  const centroids = tf.tidy(() => tf.variable(tf.tensor2d(means, [entryIds.length, WIDTH])));
  const bias = tf.tidy(() => tf.variable(tf.zeros([entryIds.length])));
  const optimizer = tf.train.adam(learningRate);
  const random = seededRandom(seed);
  const order = examples.map((_, i) => i);
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (const picked of lengthBuckets(order, (i) => examples[i]!.states.tokens, batchSize, random)) {
        const inputs = tokenBatch(tf, picked.map((i) => examples[i]!.states));
        const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(picked.map((i) => row.get(examples[i]!.entryId)!), 'int32'), entryIds.length));
        optimizer.minimize(
          () =>
            tf.tidy(() => {
              const logits = topLayerForward(tf, layer, inputs).matMul(centroids.transpose()).sub(labels.mul(margin)).mul(temperature).add(bias);
              let loss = tf.losses.softmaxCrossEntropy(labels, logits);
              for (const name of TOP_LAYER_NAMES) loss = loss.add(layer[name].sub(start[name]).square().sum().mul(anchor));
              return loss as Scalar;
            }),
          false,
          [...Object.values(layer), centroids, bias],
        );
        tf.dispose([inputs.states, inputs.paddingBias, inputs.pooling, labels]);
        await yieldToEventLoop();
        signal?.throwIfAborted();
      }
    }
    const trained = Object.fromEntries(TOP_LAYER_NAMES.map((name) => [name, tf.clone(layer[name])])) as unknown as Record<TopLayerName, Tensor>;
    return encoderOver(tf, trained, classifierOf(entryIds, (await centroids.data()) as Float32Array, (await bias.data()) as Float32Array, temperature), temperature);
  } finally {
    optimizer.dispose();
    tf.dispose([...Object.values(start), ...Object.values(layer), centroids, bias]);
  }
}

/** A fine-tuned encoder back from `state()`; throws when the weights do not fit. */
export async function restoreFineTunedEncoder(meta: FineTunedMeta, weights: Float32Array): Promise<FineTunedEncoder> {
  const classes = meta.entryIds.length;
  const expected = TOP_LAYER_SIZE + classes * (WIDTH + 1);
  if (weights.length !== expected) throw new Error(`fine-tuned encoder state holds ${weights.length} numbers, ${expected} expected`);
  const tf = await loadTensorflow();
  let offset = 0;
  const take = (n: number) => weights.slice(offset, (offset += n));
  const layer = Object.fromEntries(TOP_LAYER_NAMES.map((name) => [name, tf.tensor(take(topLayerWeightSize(name)), [...TOP_LAYER_SHAPES[name]])])) as Record<TopLayerName, Tensor>;
  return encoderOver(tf, layer, restoreVectorClassifier({ entryIds: meta.entryIds, dimension: WIDTH, weights: take(classes * (WIDTH + 1)) }, meta.temperature), meta.temperature);
}
