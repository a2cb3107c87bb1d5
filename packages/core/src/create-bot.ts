import { chineseDictionary } from './adapters/chinese-dictionary.ts';
import { createEnTypoCorrector } from './adapters/en-typo-corrector.ts';
import { createFeatureReranker } from './adapters/feature-reranker.ts';
import { createLearnedReranker } from './adapters/learned-reranker.ts';
import type { WordVectors } from './ports/word-vectors.ts';
import { createBackgroundRetrainer } from './pipeline/background-retrainer.ts';
import { createHashingEmbedder } from './adapters/hashing-embedder.ts';
import { createHnswVectorIndex } from './adapters/hnsw-vector-index.ts';
import { createJiebaSegmenter } from './adapters/jieba-segmenter.ts';
import { createZhTypoCorrector } from './adapters/zh-typo-corrector.ts';
import { CoreError } from './errors.ts';
import { knowledgeHash, readSnapshot, SNAPSHOT_VERSION, writeSnapshot } from './knowledge/index-snapshot.ts';
import { createKnowledgeIndex, type KnowledgeIndex } from './knowledge/knowledge-index.ts';
import { loadKnowledge } from './knowledge/load-knowledge.ts';
import { validateEntry } from './knowledge/validate-entry.ts';
import { runPipeline } from './pipeline/run-pipeline.ts';
import { newTurn, type Stage } from './pipeline/turn.ts';
import type { Embedder } from './ports/embedder.ts';
import type { Reranker } from './ports/reranker.ts';
import type { VectorIndex } from './ports/vector-index.ts';
import { createCorrectTyposStage } from './stages/correct-typos.ts';
import { createContextStage } from './stages/context.ts';
import { createSmallTalkStage } from './stages/small-talk.ts';
import { DEFAULT_SMALL_TALK } from './small-talk/default-small-talk.ts';
import type { SmallTalkIntent } from './small-talk/small-talk-intent.ts';
import { createDecideStage } from './stages/decide.ts';
import { createNormalizeStage } from './stages/normalize.ts';
import { createRecallLexicalStage } from './stages/recall-lexical.ts';
import { createRecallVectorStage } from './stages/recall-vector.ts';
import { createRerankStage } from './stages/rerank.ts';
import { createSegmentStage } from './stages/segment.ts';
import { DEFAULT_THRESHOLDS } from './thresholds.ts';
import type { AskInput, KnowledgeEntry, Outcome, Thresholds } from './types.ts';

export interface BotOptions {
  /** A .jsonl/.yaml/.csv path, or the entries themselves. */
  knowledge: string | readonly KnowledgeEntry[];
  /** Skip bad rows of a knowledge file instead of failing. */
  lenient?: boolean;
  thresholds?: Partial<Thresholds>;
  /** Defaults to the download-free hashing embedder fitted on the knowledge base. */
  embedder?: Embedder;
  /** Defaults to the feature ranker blended with an entry classifier trained on the knowledge base. */
  reranker?: Reranker;
  /** The small-talk corpus (greetings, thanks, …); defaults to the built-in Chinese and English one. Pass [] to turn it off. */
  smallTalk?: readonly SmallTalkIntent[];
  /** English word vectors for the default ranker (e.g. `await loadWinkWordVectors()`): better English paraphrase matching. */
  wordVectors?: WordVectors;
  /** Folder for the built index: loaded when it matches the knowledge base, written otherwise. */
  indexDir?: string;
  /** Turn typo correction off (on by default). */
  correctTypos?: boolean;
  recall?: { lexical?: number; vector?: number; entries?: number };
}

export interface BotInfo {
  entries: number;
  questions: number;
  embedder: string;
  reranker: string;
  /** How the index was obtained. */
  source: 'built' | 'snapshot';
}

/** A question-answering bot over one knowledge base. It keeps no conversation state. */
export interface Bot {
  /** Never throws for any input: empty, huge, binary or hostile text gets an outcome. */
  ask(input: AskInput): Promise<Outcome>;
  entries(): KnowledgeEntry[];
  getEntry(id: string): KnowledgeEntry | undefined;
  /** Adds or replaces one entry without rebuilding; throws CORE_ENTRY_INVALID for a bad entry. */
  upsert(entry: KnowledgeEntry): Promise<void>;
  remove(id: string): Promise<boolean>;
  save(dir: string): Promise<void>;
  /** Resolves once the ranker has been retrained after the latest edits (retraining runs in the background). */
  trained(): Promise<void>;
  thresholds(): Thresholds;
  setThresholds(thresholds: Partial<Thresholds>): void;
  info(): BotInfo;
}

/**
 * Builds a bot from a knowledge base.
 *
 * @example
 * const bot = await createBot({ knowledge: 'examples/education-zh/kb.jsonl' });
 * const outcome = await bot.ask({ text: '课程可以退宽吗' });
 * if (outcome.kind === 'answer') console.log(outcome.text);
 */
export async function createBot(options: BotOptions): Promise<Bot> {
  const entriesIn = typeof options.knowledge === 'string' ? (await loadKnowledge(options.knowledge, { lenient: options.lenient ?? false })).entries : checkEntries(options.knowledge);
  const embedder = options.embedder ?? createHashingEmbedder();
  const reranker = options.reranker ?? createLearnedReranker(options.wordVectors ? { base: createFeatureReranker({ wordVectors: options.wordVectors }) } : {});
  const segmenter = createJiebaSegmenter();
  const correctors = options.correctTypos === false ? [] : [createZhTypoCorrector(), createEnTypoCorrector()];
  const dictionary = chineseDictionary();
  const isKnownWord = (w: string) => dictionary.has(w);
  let thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };

  const hash = knowledgeHash(entriesIn);
  const snapshot = options.indexDir ? await readSnapshot(options.indexDir) : undefined;
  const usable = snapshot && snapshot.manifest.knowledgeHash === hash && snapshot.manifest.embedderId === embedder.id;
  let vectorIndex: VectorIndex;
  let index: KnowledgeIndex;
  if (usable) {
    embedder.restore?.(snapshot.embedderState);
    vectorIndex = createHnswVectorIndex({ dimension: embedder.dimension, loadFrom: { path: snapshot.vectorIndexPath, docIds: snapshot.questions.map((q) => q.docId) } });
    index = createKnowledgeIndex({ segmenter, embedder, vectorIndex, correctors, isKnownWord });
    index.restore(snapshot.entries, snapshot.questions, snapshot.terms);
  } else {
    vectorIndex = createHnswVectorIndex({ dimension: embedder.dimension });
    index = createKnowledgeIndex({ segmenter, embedder, vectorIndex, correctors, isKnownWord });
    await index.build(entriesIn);
  }

  const allQuestions = () => index.entries().flatMap((e) => index.questionsOf(e.id));
  if (usable && snapshot.manifest.rerankerId === reranker.id && snapshot.rerankerState && reranker.restore) reranker.restore(snapshot.rerankerState);
  else await reranker.fit?.(allQuestions());
  const retrainer = createBackgroundRetrainer(async () => reranker.fit?.(allQuestions()));

  const recall = { lexical: 50, vector: 30, entries: 20, ...options.recall };
  const retrieval: Stage[] = [
    createNormalizeStage(),
    ...(correctors.length > 0 ? [createCorrectTyposStage(correctors)] : []),
    createSegmentStage(segmenter),
    createRecallLexicalStage(index.bm25, recall.lexical),
    createRecallVectorStage(embedder, vectorIndex, recall.vector),
    createRerankStage(index, reranker, recall.entries),
  ];
  const stages: Stage[] = [
    ...retrieval,
    createContextStage(index, retrieval, () => thresholds),
    createSmallTalkStage(options.smallTalk ?? DEFAULT_SMALL_TALK, () => thresholds),
    createDecideStage(index, () => thresholds),
  ];

  async function save(dir: string): Promise<void> {
    await retrainer.idle();
    const entries = index.entries();
    const questions = allQuestions();
    await writeSnapshot(
      dir,
      {
        manifest: { version: SNAPSHOT_VERSION, embedderId: embedder.id, rerankerId: reranker.id, knowledgeHash: knowledgeHash(entries), createdAt: new Date().toISOString(), entries: entries.length, questions: questions.length },
        entries,
        questions,
        terms: index.terms(),
        embedderState: embedder.state?.() ?? null,
        rerankerState: reranker.state?.(),
      },
      (path) => vectorIndex.save(path),
    );
  }
  if (options.indexDir && !usable) await save(options.indexDir);

  return {
    async ask(input) {
      const text = typeof input?.text === 'string' ? input.text : '';
      const history = Array.isArray(input?.history) ? input.history : [];
      try {
        const turn = await runPipeline(stages, newTurn({ text, history }));
        return { ...turn.outcome!, trace: turn.trace };
      } catch (error) {
        // A defect in a stage must not take the conversation down: the visitor is handed to a person instead.
        return { kind: 'no-answer', reason: 'internal-error', confidence: 0, candidates: [], trace: [{ stage: 'error', detail: { message: error instanceof Error ? error.message : String(error) }, ms: 0 }] };
      }
    },
    entries: () => index.entries(),
    getEntry: (id) => index.entry(id),
    async upsert(entry) {
      const checked = validateEntry(entry);
      if ('errors' in checked) throw new CoreError('CORE_ENTRY_INVALID', `entry is invalid: ${checked.errors.join('; ')}`);
      await index.upsert(checked.entry);
      if (reranker.fit) retrainer.schedule();
    },
    async remove(id) {
      const removed = await index.remove(id);
      if (removed && reranker.fit) retrainer.schedule();
      return removed;
    },
    save,
    trained: () => retrainer.idle(),
    thresholds: () => ({ ...thresholds }),
    setThresholds(next) {
      thresholds = { ...thresholds, ...next };
    },
    info() {
      const entries = index.entries();
      return { entries: entries.length, questions: entries.reduce((n, e) => n + e.questions.length, 0), embedder: embedder.id, reranker: reranker.id, source: usable ? 'snapshot' : 'built' };
    },
  };
}

function checkEntries(list: readonly KnowledgeEntry[]): KnowledgeEntry[] {
  const seen = new Set<string>();
  return list.map((raw, i) => {
    const checked = validateEntry(raw);
    if ('errors' in checked) throw new CoreError('CORE_KB_INVALID', `entry #${i + 1} is invalid: ${checked.errors.join('; ')}`, { problems: [{ line: i + 1, message: checked.errors.join('; ') }] });
    if (seen.has(checked.entry.id)) throw new CoreError('CORE_KB_INVALID', `entry #${i + 1} repeats the id "${checked.entry.id}"`, { problems: [{ line: i + 1, message: 'duplicate id' }] });
    seen.add(checked.entry.id);
    return checked.entry;
  });
}
