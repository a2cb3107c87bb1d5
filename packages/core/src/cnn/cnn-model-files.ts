import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CoreError } from '../errors.ts';
import type { WordVectors } from '../ports/word-vectors.ts';
import { TextCnn, type TextCnnState } from './text-cnn.ts';
import { TextCnnEnsemble } from './text-cnn-ensemble.ts';
import { loadTensorflow } from './tensor-runtime.ts';
import { concatVectors } from '../text/similarity.ts';

const MODEL_FILE = 'text-cnn.json';
const WEIGHTS_FILE = 'text-cnn.weights.bin';

type MemberMeta = Omit<TextCnnState, 'weights'> & { size: number };

/** text-cnn.json: the members' configs and entries; their weights lie one after another in the weights file. */
interface ModelMeta {
  members: MemberMeta[];
  wordVectorsId: string | null;
  fingerprint: string;
}

/** A model saved before ensembles: one member's state at the top level. */
type SingleModelMeta = Omit<TextCnnState, 'weights'> & { fingerprint: string };

/** A short digest of the weights: names the embedder, so a saved index built by another model is not reused. */
export function modelFingerprint(state: Pick<TextCnnState, 'weights'>): string {
  return createHash('sha256').update(new Uint8Array(state.weights.buffer, state.weights.byteOffset, state.weights.byteLength)).digest('hex').slice(0, 12);
}

export async function saveTextCnn(dir: string, model: TextCnnEnsemble, extra: Record<string, unknown> = {}): Promise<void> {
  const states = model.states();
  const weights = concatVectors(states.map((s) => s.weights));
  const members = states.map(({ weights: w, ...meta }) => ({ ...meta, size: w.length }));
  const meta: ModelMeta = { members, wordVectorsId: states[0]!.wordVectorsId, fingerprint: modelFingerprint({ weights }) };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${WEIGHTS_FILE}.tmp`), new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
  await writeFile(join(dir, `${MODEL_FILE}.tmp`), JSON.stringify({ ...meta, ...extra }, null, 1));
  await rename(join(dir, `${WEIGHTS_FILE}.tmp`), join(dir, WEIGHTS_FILE));
  await rename(join(dir, `${MODEL_FILE}.tmp`), join(dir, MODEL_FILE));
}

function membersOf(meta: ModelMeta | SingleModelMeta, weightCount: number): MemberMeta[] {
  if ('members' in meta) return meta.members;
  return [{ config: meta.config, wordVectorsId: meta.wordVectorsId, entryIds: meta.entryIds, size: weightCount }];
}

/** Loads a model written by `chatbot train`; `wordVectors` must be the ones it was trained with (if any). */
export async function loadTextCnn(dir: string, wordVectors?: WordVectors): Promise<{ model: TextCnnEnsemble; fingerprint: string; wordVectorsId: string | null }> {
  let meta: ModelMeta | SingleModelMeta;
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
    const members = membersOf(meta, weights.length);
    const needed = members.reduce((n, m) => n + m.size, 0);
    if (needed !== weights.length) throw new Error(`the weights file holds ${weights.length} numbers, the models need ${needed}`);
    let offset = 0;
    const models = members.map((m) => {
      const model = new TextCnn(tf, m.config, m.entryIds, meta.wordVectorsId ? wordVectors : undefined, { weights: weights.subarray(offset, offset + m.size) });
      offset += m.size;
      return model;
    });
    return { model: new TextCnnEnsemble(models), fingerprint: meta.fingerprint, wordVectorsId: meta.wordVectorsId };
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
