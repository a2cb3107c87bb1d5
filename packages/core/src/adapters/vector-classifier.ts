import type { Tensor } from '@tensorflow/tfjs';
import { loadTensorflow } from '../cnn/tensor-runtime.ts';
import { softmaxInPlace } from '../text/softmax.ts';

const BETA1 = 0.9;
const BETA2 = 0.999;

export interface VectorClassifierOptions {
  /** Logit scale over the unit vectors' dot products. */
  temperature?: number;
  steps?: number;
  learningRate?: number;
  l2?: number;
}

/** Softmax regression over unit-length sentence vectors: which entry a query vector belongs to. */
export interface VectorClassifier {
  readonly entryIds: readonly string[];
  probabilities(vector: Float32Array): Float32Array;
  state(): { entryIds: string[]; dimension: number; weights: Float32Array };
}

function classifierOver(entryIds: string[], dimension: number, weights: Float32Array, temperature: number): VectorClassifier {
  const classes = entryIds.length;
  return {
    entryIds,
    probabilities(vector) {
      // weights: classes × (dimension + 1), the last column the bias.
      const z = new Float32Array(classes);
      for (let c = 0; c < classes; c++) {
        const row = c * (dimension + 1);
        let sum = 0;
        for (let d = 0; d < dimension; d++) sum += weights[row + d]! * vector[d]!;
        z[c] = temperature * sum + weights[row + dimension]!;
      }
      return softmaxInPlace(z);
    },
    state: () => ({ entryIds, dimension, weights }),
  };
}

/**
 * Trains the classifier on the knowledge base's question vectors (each entry a class), starting from the
 * entries' mean vectors, with full-batch Adam on the TensorFlow.js WebAssembly backend. It yields to the
 * event loop between steps, so a server keeps answering while it retrains. Same input, same model.
 */
export async function trainVectorClassifier(examples: readonly { entryId: string; vector: Float32Array }[], { temperature = 10, steps = 120, learningRate = 0.05, l2 = 1e-4 }: VectorClassifierOptions = {}): Promise<VectorClassifier> {
  const tf = await loadTensorflow();
  const entryIds = [...new Set(examples.map((e) => e.entryId))];
  const row = new Map(entryIds.map((id, i) => [id, i]));
  const dimension = examples[0]?.vector.length ?? 0;
  const flat = new Float32Array(examples.length * dimension);
  examples.forEach((e, i) => flat.set(e.vector, i * dimension));
  const means = new Float32Array(entryIds.length * dimension);
  const counts = new Float32Array(entryIds.length);
  for (const e of examples) {
    const c = row.get(e.entryId)!;
    counts[c]!++;
    for (let d = 0; d < dimension; d++) means[c * dimension + d]! += e.vector[d]!;
  }
  for (let i = 0; i < means.length; i++) means[i]! /= counts[Math.floor(i / dimension)]!;
  // Gradients are written out rather than taken by autodiff: the WebAssembly backend multiplies by a
  // transposed matrix about 25 times slower than by one transposed once up front.
  const x = tf.tensor2d(flat, [examples.length, dimension]);
  const xT = x.transpose();
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(examples.map((e) => row.get(e.entryId)!), 'int32'), entryIds.length));
  let weights: Tensor = tf.tidy(() => tf.transpose(tf.tensor2d(means, [entryIds.length, dimension])));
  let bias: Tensor = tf.zeros([entryIds.length]);
  let mW: Tensor = tf.zerosLike(weights);
  let vW: Tensor = tf.zerosLike(weights);
  let mB: Tensor = tf.zerosLike(bias);
  let vB: Tensor = tf.zerosLike(bias);
  const adam = (parameter: Tensor, gradient: Tensor, m: Tensor, v: Tensor, step: number) =>
    tf.tidy(() => {
      const nextM = m.mul(BETA1).add(gradient.mul(1 - BETA1));
      const nextV = v.mul(BETA2).add(gradient.square().mul(1 - BETA2));
      const update = nextM.div(1 - BETA1 ** step).div(nextV.div(1 - BETA2 ** step).sqrt().add(1e-7)).mul(learningRate);
      return [parameter.sub(update), nextM, nextV] as const;
    });
  try {
    for (let step = 1; step <= steps; step++) {
      const [gW, gB] = tf.tidy(() => {
        const error = tf.softmax(x.matMul(weights).mul(temperature).add(bias)).sub(y).div(examples.length);
        return [xT.matMul(error).mul(temperature).add(weights.mul(2 * l2)), error.sum(0)];
      });
      const [nextW, nextMW, nextVW] = adam(weights, gW, mW, vW, step);
      const [nextB, nextMB, nextVB] = adam(bias, gB, mB, vB, step);
      tf.dispose([weights, bias, mW, vW, mB, vB, gW, gB]);
      [weights, mW, vW, bias, mB, vB] = [nextW, nextMW, nextVW, nextB, nextMB, nextVB];
      await new Promise((resolve) => setImmediate(resolve));
    }
    const [w, b] = [(await weights.data()) as Float32Array, (await bias.data()) as Float32Array];
    const packed = new Float32Array(entryIds.length * (dimension + 1));
    for (let c = 0; c < entryIds.length; c++) {
      for (let d = 0; d < dimension; d++) packed[c * (dimension + 1) + d] = w[d * entryIds.length + c]!;
      packed[c * (dimension + 1) + dimension] = b[c]!;
    }
    return classifierOver(entryIds, dimension, packed, temperature);
  } finally {
    tf.dispose([x, xT, y, weights, bias, mW, vW, mB, vB]);
  }
}

export function restoreVectorClassifier(state: { entryIds: string[]; dimension: number; weights: Float32Array }, temperature = 10): VectorClassifier {
  if (state.weights.length !== state.entryIds.length * (state.dimension + 1)) throw new Error(`vector classifier state does not fit ${state.entryIds.length} entries`);
  return classifierOver(state.entryIds, state.dimension, state.weights, temperature);
}
