import type { Tensor } from '@tensorflow/tfjs';
import type { Tf } from '../cnn/tensor-runtime.ts';
import type { SentenceEncoderModel, TokenStates } from './sentence-encoder-model.ts';

const MODULE = 'module/Encoder_en/';
const APPLIED = 'module_apply_default/Encoder_en/KonaTransformer/Encode/';
const LAYER = `${APPLIED}Layer_1/TransformerLayer/`;
const STACK = `${APPLIED}TransformerStack/Layer_1/TransformerLayer/`;
const HEADS = 4;
const HEAD_WIDTH = 128;
const WIDTH = HEADS * HEAD_WIDTH;
const EPSILON = 1e-6;

/** The last transformer layer of the Universal Sentence Encoder lite and its pooling head: the part fine-tuning retrains. */
export const TOP_LAYER_SHAPES = {
  attentionNormScale: [WIDTH],
  attentionNormBias: [WIDTH],
  qkvKernel: [WIDTH, 3 * WIDTH],
  qkvBias: [3 * WIDTH],
  outputKernel: [WIDTH, WIDTH],
  outputBias: [WIDTH],
  ffnNormScale: [WIDTH],
  ffnNormBias: [WIDTH],
  ffnInKernel: [WIDTH, 3 * WIDTH],
  ffnInBias: [3 * WIDTH],
  ffnOutKernel: [3 * WIDTH, WIDTH],
  ffnOutBias: [WIDTH],
  headKernel: [WIDTH, WIDTH],
  headBias: [WIDTH],
} as const;

export type TopLayerName = keyof typeof TOP_LAYER_SHAPES;
export type TopLayerWeights = Record<TopLayerName, Float32Array>;

const GRAPH_NAMES: Record<TopLayerName, string> = {
  attentionNormScale: `${LAYER}layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat`,
  attentionNormBias: `${LAYER}layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat`,
  qkvKernel: `${MODULE}KonaTransformer/Encode/Layer_1/TransformerLayer/MultiheadAttention/qkv_transform_single/kernel/part_0`,
  qkvBias: `${LAYER}MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat`,
  outputKernel: `${MODULE}KonaTransformer/Encode/Layer_1/TransformerLayer/MultiheadAttention/output_transform_single/kernel/part_0`,
  outputBias: `${LAYER}MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat`,
  ffnNormScale: `${LAYER}FFN/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat`,
  ffnNormBias: `${LAYER}FFN/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat`,
  ffnInKernel: `${STACK}FFN/conv1/Tensordot/Reshape_1`,
  ffnInBias: `${LAYER}FFN/conv1/bias/ConcatPartitions/concat`,
  ffnOutKernel: `${STACK}FFN/conv2/Tensordot/Reshape_1`,
  ffnOutBias: `${LAYER}FFN/conv2/bias/ConcatPartitions/concat`,
  headKernel: `${MODULE}hidden_layers/tanh_layer_0/weights`,
  headBias: `${MODULE}hidden_layers/tanh_layer_0/bias`,
};

export const TOP_LAYER_NAMES = Object.keys(TOP_LAYER_SHAPES) as TopLayerName[];

/** How many numbers one weight of the top layer holds. */
export function topLayerWeightSize(name: TopLayerName): number {
  return TOP_LAYER_SHAPES[name].reduce((a, b) => a * b, 1);
}

export const TOP_LAYER_SIZE = TOP_LAYER_NAMES.reduce((n, name) => n + topLayerWeightSize(name), 0);

/** The pretrained weights of the top layer, read from the encoder's graph; undefined for a graph without them. */
export function pretrainedTopLayer(model: SentenceEncoderModel): TopLayerWeights | undefined {
  const weights: Partial<TopLayerWeights> = {};
  for (const name of TOP_LAYER_NAMES) {
    const value = model.weight(GRAPH_NAMES[name]);
    if (value?.length !== topLayerWeightSize(name)) return undefined;
    weights[name] = value;
  }
  return weights as TopLayerWeights;
}

/** A batch of texts' token states, padded to the longest, with what the layer needs to ignore the padding. */
export interface TokenBatch {
  /** [texts × longest × width] */
  states: Tensor;
  /** [texts × 1 × 1 × longest]: 0 on real tokens, a large negative number on padding (added to attention logits). */
  paddingBias: Tensor;
  /** [texts × texts·longest]: each text's row averages its real tokens. */
  pooling: Tensor;
}

export function tokenBatch(tf: Tf, batch: readonly TokenStates[]): TokenBatch {
  const longest = Math.max(1, ...batch.map((s) => s.tokens));
  const texts = batch.length;
  const states = new Float32Array(texts * longest * WIDTH);
  const bias = new Float32Array(texts * longest).fill(-1e9);
  const pooling = new Float32Array(texts * texts * longest);
  batch.forEach((s, row) => {
    states.set(s.data.subarray(0, s.tokens * WIDTH), row * longest * WIDTH);
    for (let t = 0; t < s.tokens; t++) {
      bias[row * longest + t] = 0;
      pooling[row * texts * longest + row * longest + t] = 1 / s.tokens;
    }
  });
  return { states: tf.tensor3d(states, [texts, longest, WIDTH]), paddingBias: tf.tensor4d(bias, [texts, 1, 1, longest]), pooling: tf.tensor2d(pooling, [texts, texts * longest]) };
}

/**
 * x·w whose gradient multiplies by explicitly transposed copies: the WebAssembly backend multiplies by a
 * matrix transposed on the fly about 25 times slower.
 */
function denseOf(tf: Tf) {
  return tf.customGrad((x, w, save) => {
    (save as (tensors: Tensor[]) => void)([x as Tensor, w as Tensor]);
    return {
      value: (x as Tensor).matMul(w as Tensor) as Tensor,
      gradFunc: (dy, saved) => {
        const [sx, sw] = saved as [Tensor, Tensor];
        return [(dy as Tensor).matMul(sw.transpose()), sx.transpose().matMul(dy as Tensor)];
      },
    };
  }) as (x: Tensor, w: Tensor) => Tensor;
}

/** Unit-length sentence vectors [texts × width] from the token states, through the top layer with the given weights. */
export function topLayerForward(tf: Tf, weights: Record<TopLayerName, Tensor>, { states, paddingBias, pooling }: TokenBatch): Tensor {
  const dense = denseOf(tf);
  const [texts = 1, longest = 1] = states.shape;
  const layerNorm = (x: Tensor, scale: Tensor, bias: Tensor) => {
    const centred = x.sub(x.mean(-1, true));
    return centred.mul(tf.rsqrt(centred.square().mean(-1, true).add(EPSILON))).mul(scale).add(bias);
  };
  const heads = (x: Tensor) => x.reshape([texts, longest, HEADS, HEAD_WIDTH]).transpose([0, 2, 1, 3]);
  const flat = states.reshape([texts * longest, WIDTH]);
  const qkv = dense(layerNorm(flat, weights.attentionNormScale, weights.attentionNormBias), weights.qkvKernel.reshape([WIDTH, 3 * WIDTH])).add(weights.qkvBias);
  const [q, k, v] = tf.split(qkv, 3, 1) as [Tensor, Tensor, Tensor];
  const attention = tf.softmax(tf.matMul(heads(q).mul(1 / Math.sqrt(HEAD_WIDTH)), heads(k), false, true).add(paddingBias));
  const context = tf.matMul(attention, heads(v)).transpose([0, 2, 1, 3]).reshape([texts * longest, WIDTH]);
  const attended = flat.add(dense(context, weights.outputKernel.reshape([WIDTH, WIDTH])).add(weights.outputBias));
  const hidden = tf.relu(dense(layerNorm(attended, weights.ffnNormScale, weights.ffnNormBias), weights.ffnInKernel).add(weights.ffnInBias));
  const tokens = attended.add(dense(hidden, weights.ffnOutKernel).add(weights.ffnOutBias));
  const pooled = dense(pooling, tokens);
  const sentence = tf.tanh(dense(pooled, weights.headKernel).add(weights.headBias));
  return sentence.div(sentence.norm('euclidean', 1, true).maximum(1e-12));
}
