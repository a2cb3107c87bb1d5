import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CoreError } from '../errors.ts';
import type { WordVectors } from '../ports/word-vectors.ts';
import { TextCnn, type TextCnnState } from './text-cnn.ts';
import { loadTensorflow } from './tensor-runtime.ts';

const MODEL_FILE = 'text-cnn.json';
const WEIGHTS_FILE = 'text-cnn.weights.bin';

/** A short digest of the weights: names the embedder, so a saved index built by another model is not reused. */
export function modelFingerprint(state: Pick<TextCnnState, 'weights'>): string {
  return createHash('sha256').update(new Uint8Array(state.weights.buffer, state.weights.byteOffset, state.weights.byteLength)).digest('hex').slice(0, 12);
}

export async function saveTextCnn(dir: string, model: TextCnn, extra: Record<string, unknown> = {}): Promise<void> {
  const { weights, ...meta } = model.state();
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${WEIGHTS_FILE}.tmp`), new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
  await writeFile(join(dir, `${MODEL_FILE}.tmp`), JSON.stringify({ ...meta, fingerprint: modelFingerprint({ weights }), ...extra }, null, 1));
  await rename(join(dir, `${WEIGHTS_FILE}.tmp`), join(dir, WEIGHTS_FILE));
  await rename(join(dir, `${MODEL_FILE}.tmp`), join(dir, MODEL_FILE));
}

/** Loads a model written by `chatbot train`; `wordVectors` must be the ones it was trained with (if any). */
export async function loadTextCnn(dir: string, wordVectors?: WordVectors): Promise<{ model: TextCnn; fingerprint: string; wordVectorsId: string | null }> {
  let meta: Omit<TextCnnState, 'weights'> & { fingerprint: string };
  let raw: Buffer;
  try {
    meta = JSON.parse(await readFile(join(dir, MODEL_FILE), 'utf8'));
    raw = await readFile(join(dir, WEIGHTS_FILE));
  } catch (error) {
    throw new CoreError('CORE_MODEL_NOT_FOUND', `no trained model in "${dir}" (run: pnpm chatbot train --kb KB --out ${dir})`, { cause: error });
  }
  if (meta.wordVectorsId && meta.wordVectorsId !== wordVectors?.id) {
    throw new CoreError('CORE_MODEL_NOT_FOUND', `the model in "${dir}" was trained with word vectors ${meta.wordVectorsId}; load them and pass them in`);
  }
  const weights = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const tf = await loadTensorflow();
  try {
    return { model: new TextCnn(tf, meta.config, meta.entryIds, meta.wordVectorsId ? wordVectors : undefined, { weights }), fingerprint: meta.fingerprint, wordVectorsId: meta.wordVectorsId };
  } catch (error) {
    throw new CoreError('CORE_MODEL_NOT_FOUND', `the model in "${dir}" is damaged: ${(error as Error).message}`, { cause: error });
  }
}

export async function readModelMeta(dir: string): Promise<{ wordVectorsId: string | null } | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, MODEL_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}
