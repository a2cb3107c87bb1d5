import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CoreError } from '../errors.ts';
import type { KnowledgeEntry } from '../types.ts';
import type { IndexedQuestion } from './indexed-question.ts';

export const SNAPSHOT_VERSION = 1;

export interface SnapshotManifest {
  version: number;
  embedderId: string;
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
  /** Path of the saved hnswlib index. */
  vectorIndexPath: string;
}

export function knowledgeHash(entries: readonly KnowledgeEntry[]): string {
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 32);
}

const FILES = { manifest: 'manifest.json', data: 'index.json', vectors: 'vectors.f32', hnsw: 'hnsw.bin' } as const;

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
    if (manifest.version !== SNAPSHOT_VERSION) throw new Error(`snapshot version ${manifest.version}, expected ${SNAPSHOT_VERSION}`);
    const data = JSON.parse(await readFile(join(dir, FILES.data), 'utf8')) as {
      entries: KnowledgeEntry[];
      terms: string[];
      embedderState: unknown;
      dimension: number;
      questions: Omit<IndexedQuestion, 'vector'>[];
    };
    const raw = await readFile(join(dir, FILES.vectors));
    const vectors = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    const questions = data.questions.map((q, i) => ({ ...q, vector: vectors.slice(i * data.dimension, (i + 1) * data.dimension) }));
    return { manifest, entries: data.entries, questions, terms: data.terms, embedderState: data.embedderState, vectorIndexPath: join(dir, FILES.hnsw) };
  } catch (error) {
    throw new CoreError('CORE_INDEX_INCOMPATIBLE', `the saved index in "${dir}" cannot be read; delete it to rebuild`, { cause: error });
  }
}
