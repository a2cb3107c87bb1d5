import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CoreError } from '../errors.ts';
import type { KnowledgeEntry } from '../types.ts';
import type { RerankerState } from '../ports/reranker.ts';
import type { IndexedQuestion } from './indexed-question.ts';

// 3: Chinese numerals normalised to digits (questions and their tokens are stored normalised).
// 4: a hyphen between a Latin letter and a digit dropped (w-2 = w2).
// 5: the sentence encoder reads contractions whole (its stored question vectors changed).
// 6: spoken Chinese written out (啥 → 什么).
// 7: a number joined to its unit ("3 个工作日" = "3个工作日").
// 8: "1 对 1" joined whole (7 made it "1对 1").
// 9: variant spellings of account words written in their standard form (帐号 → 账号, 登陆 → 登录).
// 10: a grammar character jieba glued to a word it guessed is cut off (课是 → 课 是).
// 11: one measure word for each thing counted (1堂 → 1节, 2位 → 2个, 80块 → 80元).
export const SNAPSHOT_VERSION = 11;

export interface SnapshotManifest {
  version: number;
  embedderId: string;
  rerankerId: string;
  /** Hash of the knowledge base the snapshot was built from. */
  knowledgeHash: string;
  createdAt: string;
  entries: number;
  questions: number;
}

export interface Snapshot {
  manifest: SnapshotManifest;
  entries: KnowledgeEntry[];
  questions: IndexedQuestion[];
  terms: string[];
  embedderState: unknown;
  /** A trained ranker's weights, when it has any. */
  rerankerState: RerankerState | undefined;
  /** Path of the saved hnswlib index. */
  vectorIndexPath: string;
}

export function knowledgeHash(entries: readonly KnowledgeEntry[], synonyms: readonly (readonly string[])[] = []): string {
  // The synonym table changes how questions are normalised, so a snapshot is only good for the same table.
  return createHash('sha256').update(JSON.stringify(synonyms.length > 0 ? [entries, synonyms] : entries)).digest('hex').slice(0, 32);
}

const FILES = { manifest: 'manifest.json', data: 'index.json', vectors: 'vectors.f32', hnsw: 'hnsw.bin', rerankerWeights: 'reranker.f32' } as const;

/** Writes the built index to a folder (atomically per file), so a restart can skip segmentation and embedding. */
export async function writeSnapshot(dir: string, snapshot: Omit<Snapshot, 'vectorIndexPath'>, saveVectorIndex: (path: string) => Promise<void>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const dimension = snapshot.questions[0]?.vector.length ?? 0;
  const vectors = new Float32Array(snapshot.questions.length * dimension);
  snapshot.questions.forEach((q, i) => vectors.set(q.vector, i * dimension));
  const data = {
    entries: snapshot.entries,
    terms: snapshot.terms,
    embedderState: snapshot.embedderState,
    rerankerMeta: snapshot.rerankerState?.meta ?? null,
    dimension,
    questions: snapshot.questions.map(({ vector: _vector, ...rest }) => rest),
  };
  const atomically = async (name: string, content: string | Uint8Array) => {
    const tmp = join(dir, `${name}.tmp`);
    await writeFile(tmp, content);
    await rename(tmp, join(dir, name));
  };
  await atomically(FILES.data, JSON.stringify(data));
  await atomically(FILES.vectors, new Uint8Array(vectors.buffer));
  const rerankerWeights = snapshot.rerankerState?.weights ?? new Float32Array(0);
  await atomically(FILES.rerankerWeights, new Uint8Array(rerankerWeights.buffer, rerankerWeights.byteOffset, rerankerWeights.byteLength));
  await saveVectorIndex(join(dir, `${FILES.hnsw}.tmp`));
  await rename(join(dir, `${FILES.hnsw}.tmp`), join(dir, FILES.hnsw));
  await atomically(FILES.manifest, JSON.stringify(snapshot.manifest, null, 2));
}

/** Reads a snapshot; undefined when there is none. Throws CORE_INDEX_INCOMPATIBLE for a damaged or foreign one. */
export async function readSnapshot(dir: string): Promise<Snapshot | undefined> {
  let manifestText: string;
  try {
    manifestText = await readFile(join(dir, FILES.manifest), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CoreError('CORE_INDEX_INCOMPATIBLE', `cannot read the saved index in "${dir}"`, { cause: error });
  }
  try {
    const manifest = JSON.parse(manifestText) as SnapshotManifest;
    // Written by another version of this code (normalised differently): rebuilt and overwritten, like a changed knowledge base.
    if (manifest.version !== SNAPSHOT_VERSION) return undefined;
    const data = JSON.parse(await readFile(join(dir, FILES.data), 'utf8')) as {
      entries: KnowledgeEntry[];
      terms: string[];
      embedderState: unknown;
      rerankerMeta: unknown;
      dimension: number;
      questions: Omit<IndexedQuestion, 'vector'>[];
    };
    const vectors = await readFloats(join(dir, FILES.vectors));
    const questions = data.questions.map((q, i) => ({ ...q, vector: vectors.slice(i * data.dimension, (i + 1) * data.dimension) }));
    const rerankerState = data.rerankerMeta === null ? undefined : { meta: data.rerankerMeta, weights: await readFloats(join(dir, FILES.rerankerWeights)) };
    return { manifest, entries: data.entries, questions, terms: data.terms, embedderState: data.embedderState, rerankerState, vectorIndexPath: join(dir, FILES.hnsw) };
  } catch (error) {
    throw new CoreError('CORE_INDEX_INCOMPATIBLE', `the saved index in "${dir}" cannot be read; delete it to rebuild`, { cause: error });
  }
}

async function readFloats(path: string): Promise<Float32Array> {
  const raw = await readFile(path);
  return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
}
