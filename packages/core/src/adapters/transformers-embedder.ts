import { CoreError } from '../errors.ts';
import type { Embedder } from '../ports/embedder.ts';

export interface TransformersEmbedderOptions {
  /** A Hugging Face hub id (e.g. `Xenova/paraphrase-multilingual-MiniLM-L12-v2`) or a folder name under `localModelPath`. */
  model: string;
  /** Folder holding `<model>/config.json`, `tokenizer.json` and `onnx/model_quantized.onnx`. */
  localModelPath?: string;
  /** Fetch from the hub when the model is not found locally (off by default: production hosts are often offline). */
  allowRemoteModels?: boolean;
  /** Where fetched models are cached. */
  cacheDir?: string;
  /** Use the 8-bit quantised ONNX weights (default true). */
  quantized?: boolean;
  /** Texts embedded per call. */
  batchSize?: number;
}

type Extractor = (texts: string[], options: { pooling: 'mean'; normalize: boolean }) => Promise<{ data: Float32Array; dims: number[] }>;

/**
 * Sentence embeddings from a transformer model through @xenova/transformers (ONNX runtime, CPU): the
 * production vector-recall path for deployments that ship or may fetch a model. Mean pooling, unit length.
 * Throws CORE_MODEL_NOT_FOUND when the model cannot be loaded.
 *
 * @example
 * const embedder = await createTransformersEmbedder({ model: 'paraphrase-multilingual-MiniLM-L12-v2', localModelPath: './models' });
 * const bot = await createBot({ knowledge: 'faq.jsonl', embedder });
 */
export async function createTransformersEmbedder(options: TransformersEmbedderOptions): Promise<Embedder> {
  const { pipeline, env } = await import('@xenova/transformers');
  env.allowRemoteModels = options.allowRemoteModels ?? false;
  env.allowLocalModels = true;
  if (options.localModelPath) env.localModelPath = options.localModelPath;
  if (options.cacheDir) env.cacheDir = options.cacheDir;
  const quantized = options.quantized ?? true;
  let extract: Extractor;
  try {
    extract = (await pipeline('feature-extraction', options.model, { quantized })) as unknown as Extractor;
  } catch (error) {
    const where = options.localModelPath ? ` in "${options.localModelPath}"` : '';
    const remote = env.allowRemoteModels ? '' : ' (remote models are disabled: set allowRemoteModels to fetch it)';
    throw new CoreError('CORE_MODEL_NOT_FOUND', `cannot load the embedding model "${options.model}"${where}${remote}`, { cause: error });
  }
  const probe = await extract(['probe'], { pooling: 'mean', normalize: true });
  const dimension = probe.dims.at(-1) ?? 0;
  const batchSize = options.batchSize ?? 32;
  return {
    id: `transformers:${options.model}${quantized ? ':q8' : ''}`,
    dimension,
    semantic: true,
    async embed(inputs) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < inputs.length; start += batchSize) {
        const batch = inputs.slice(start, start + batchSize).map((input) => input.text || ' ');
        const { data } = await extract(batch, { pooling: 'mean', normalize: true });
        for (let i = 0; i < batch.length; i++) vectors.push(data.slice(i * dimension, (i + 1) * dimension));
      }
      return vectors;
    },
  };
}
