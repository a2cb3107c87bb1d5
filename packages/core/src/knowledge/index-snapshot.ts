import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
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
// 12: HTML tags dropped (<b>退款</b> = 退款).
export const SNAPSHOT_VERSION = 12;

export interface SnapshotManifest {
  version: number;
  embedderId: string;
  rerankerId: string;
  /** Hash of the knowledge base the snapshot was built from. */
  knowledgeHash: string;
  createdAt: string;
  entries: number;
  questions: number;
  /** Byte size of each other file, as written: a file cut short (a full disk, a copy stopped) is seen before it is read. Absent in older snapshots. */
  files?: Record<string, number>;
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
  const files: Record<string, number> = {};
  const dataText = Buffer.from(JSON.stringify(data));
  await atomically(FILES.data, dataText);
  files[FILES.data] = dataText.byteLength;
  await atomically(FILES.vectors, new Uint8Array(vectors.buffer));
  files[FILES.vectors] = vectors.byteLength;
  const rerankerWeights = snapshot.rerankerState?.weights ?? new Float32Array(0);
  await atomically(FILES.rerankerWeights, new Uint8Array(rerankerWeights.buffer, rerankerWeights.byteOffset, rerankerWeights.byteLength));
  files[FILES.rerankerWeights] = rerankerWeights.byteLength;
  await saveVectorIndex(join(dir, `${FILES.hnsw}.tmp`));
  await rename(join(dir, `${FILES.hnsw}.tmp`), join(dir, FILES.hnsw));
  files[FILES.hnsw] = (await stat(join(dir, FILES.hnsw))).size;
  await atomically(FILES.manifest, JSON.stringify({ ...snapshot.manifest, files }, null, 2));
}

/**
 * Reads a snapshot; undefined when there is none or another version of this code wrote it. Throws
 * CORE_INDEX_INCOMPATIBLE, saying what is wrong, for a damaged one: a file cut short or missing, counts that do
 * not agree, numbers that are not finite. The caller rebuilds from the knowledge base.
 */
export async function readSnapshot(dir: string): Promise<Snapshot | undefined> {
  let manifestText: string;
  try {
    manifestText = await readFile(join(dir, FILES.manifest), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CoreError('CORE_INDEX_INCOMPATIBLE', `cannot read the saved index in "${dir}"`, { cause: error });
  }
  const damaged = (what: string, cause?: unknown) => new CoreError('CORE_INDEX_INCOMPATIBLE', `the saved index in "${dir}" is damaged: ${what}`, cause === undefined ? {} : { cause });
  const manifest = parseJson<SnapshotManifest>(manifestText, (error) => damaged(`${FILES.manifest} is not valid JSON`, error));
  // Written by another version of this code (normalised differently): rebuilt and overwritten, like a changed knowledge base.
  if (manifest.version !== SNAPSHOT_VERSION) return undefined;
  for (const [name, size] of Object.entries(manifest.files ?? {})) {
    const actual = await stat(join(dir, name)).then((s) => s.size, () => undefined);
    if (actual !== size) throw damaged(actual === undefined ? `${name} is missing` : `${name} is ${actual} bytes where ${size} were written`);
  }
  const dataText = await readFile(join(dir, FILES.data), 'utf8').catch((error: unknown) => {
    throw damaged(`${FILES.data} cannot be read`, error);
  });
  const data = parseJson<SnapshotData>(dataText, (error) => damaged(`${FILES.data} is not valid JSON`, error));
  if (!Array.isArray(data.entries) || !Array.isArray(data.questions) || !Array.isArray(data.terms) || !Number.isInteger(data.dimension) || data.dimension < 0) throw damaged(`${FILES.data} lacks its entries, questions, terms or dimension`);
  if (data.entries.length !== manifest.entries || data.questions.length !== manifest.questions) throw damaged(`${FILES.data} holds ${data.entries.length} entries and ${data.questions.length} questions where ${FILES.manifest} says ${manifest.entries} and ${manifest.questions}`);
  const vectors = await finiteFloats(dir, FILES.vectors, damaged);
  if (vectors.length !== data.questions.length * data.dimension) throw damaged(`${FILES.vectors} is ${vectors.byteLength} bytes where ${data.questions.length} questions of ${data.dimension} numbers take ${data.questions.length * data.dimension * 4}`);
  const questions = data.questions.map((q, i) => ({ ...q, vector: vectors.slice(i * data.dimension, (i + 1) * data.dimension) }));
  const rerankerState = data.rerankerMeta === null ? undefined : { meta: data.rerankerMeta, weights: await finiteFloats(dir, FILES.rerankerWeights, damaged) };
  return { manifest, entries: data.entries, questions, terms: data.terms, embedderState: data.embedderState, rerankerState, vectorIndexPath: join(dir, FILES.hnsw) };
}

interface SnapshotData {
  entries: KnowledgeEntry[];
  terms: string[];
  embedderState: unknown;
  rerankerMeta: unknown;
  dimension: number;
  questions: Omit<IndexedQuestion, 'vector'>[];
}

/** A JSON object (a snapshot's manifest or data), or the failure. */
function parseJson<T>(text: string, failure: (error: unknown) => CoreError): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw failure(error);
  }
  if (typeof value !== 'object' || value === null) throw failure(new Error('not an object'));
  return value as T;
}

/** A file of 32-bit floats, every one finite (a NaN would score every question NaN: no answer, silently). */
async function finiteFloats(dir: string, name: string, damaged: (what: string, cause?: unknown) => CoreError): Promise<Float32Array> {
  const raw = await readFile(join(dir, name)).catch((error: unknown) => {
    throw damaged(`${name} cannot be read`, error);
  });
  if (raw.byteLength % 4 !== 0) throw damaged(`${name} is ${raw.byteLength} bytes, not a whole number of 4-byte numbers`);
  const floats = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  if (!floats.every(Number.isFinite)) throw damaged(`${name} holds numbers that are not finite`);
  return floats;
}
