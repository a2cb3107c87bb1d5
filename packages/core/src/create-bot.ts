import { chineseDictionary, isCommonChineseWord } from './adapters/chinese-dictionary.ts';
import { createEnTypoCorrector } from './adapters/en-typo-corrector.ts';
import { createEnSynonymCorrector } from './adapters/en-synonym-corrector.ts';
import { createFeatureReranker } from './adapters/feature-reranker.ts';
import { createLearnedReranker } from './adapters/learned-reranker.ts';
import { createSentenceEncoderEmbedder } from './adapters/sentence-encoder-embedder.ts';
import type { SentenceEncoderChoice } from './sentence-encoder/sentence-encoder-choice.ts';
import { createSentenceVectorReranker } from './adapters/sentence-vector-reranker.ts';
import { createFineTunedEncoderReranker } from './adapters/fine-tuned-encoder-reranker.ts';
import type { FineTuneOptions } from './sentence-encoder/fine-tune-encoder.ts';
import type { SentenceEncoderModel } from './sentence-encoder/sentence-encoder-model.ts';
import { createBilingualEmbedder } from './adapters/bilingual-embedder.ts';
import { rememberRecentTexts } from './adapters/recent-texts-embedder.ts';
import { isEnglishKnowledge, isEnglishText, sentenceEncoderUse } from './sentence-encoder/sentence-encoder-use.ts';
import { createChineseGlossEmbedder, rankWithGlosses } from './sentence-encoder/gloss-ranking.ts';
import type { WordVectors } from './ports/word-vectors.ts';
import { defaultClusterThreshold } from './knowledge-ops/cluster-questions.ts';
import { createBackgroundRetrainer } from './pipeline/background-retrainer.ts';
import { createLearnedQuestions, type LearnedPair } from './knowledge/learned-questions.ts';
import { createHashingEmbedder } from './adapters/hashing-embedder.ts';
import { createJiebaCutter } from './adapters/jieba-cutter.ts';
import { createJiebaSegmenter } from './adapters/jieba-segmenter.ts';
import { createSeparableWordJoiner } from './adapters/separable-word-joiner.ts';
import { createZhTypoCorrector } from './adapters/zh-typo-corrector.ts';
import { CoreError, type KnowledgeProblem } from './errors.ts';
import { knowledgeHash, SNAPSHOT_VERSION, writeSnapshot } from './knowledge/index-snapshot.ts';
import { openIndex } from './knowledge/open-index.ts';
import { loadKnowledge } from './knowledge/load-knowledge.ts';
import { validateEntry } from './knowledge/validate-entry.ts';
import { runPipeline } from './pipeline/run-pipeline.ts';
import { newTurn, type Stage } from './pipeline/turn.ts';
import type { Embedder } from './ports/embedder.ts';
import type { Reranker, RerankerState } from './ports/reranker.ts';
import { createCorrectTyposStage } from './stages/correct-typos.ts';
import { createAskedFigureStage } from './stages/asked-figure.ts';
import { createContextStage } from './stages/context.ts';
import { createCnnEmbedder } from './cnn/cnn-embedder.ts';
import { loadTextCnn, saveTextCnn } from './cnn/cnn-model-files.ts';
import type { TextCnnEnsemble } from './cnn/text-cnn-ensemble.ts';
import { createCnnReranker } from './cnn/cnn-reranker.ts';
import type { TrainOptions } from './cnn/train-text-cnn.ts';
import { normalizeText } from './text/normalize-text.ts';
import { hasHan } from './text/script.ts';
import type { FlowDefinition } from './flows/flow-definition.ts';
import { createFlowEngine, type WebhookCaller } from './flows/flow-engine.ts';
import { createSmallTalkStage } from './stages/small-talk.ts';
import { createSmallTalkMatcher } from './small-talk/match-small-talk.ts';
import { DEFAULT_SMALL_TALK } from './small-talk/default-small-talk.ts';
import type { SmallTalkIntent } from './small-talk/small-talk-intent.ts';
import { createDecideStage } from './stages/decide.ts';
import { createNormalizeStage } from './stages/normalize.ts';
import { createRecallLexicalStage } from './stages/recall-lexical.ts';
import { createRecallVectorStage } from './stages/recall-vector.ts';
import { createRerankStage } from './stages/rerank.ts';
import { DEFAULT_ANSWER_WEIGHT } from './stages/answer-coverage.ts';
import { createSynonymRewriter, type SynonymGroups } from './text/synonyms.ts';
import { createSegmentStage } from './stages/segment.ts';
import { checkedThresholds, DEFAULT_THRESHOLDS, orderedThresholds, type RankerFamily } from './thresholds.ts';
import type { AskInput, GivenThresholds, KnowledgeEntry, Outcome, Thresholds } from './types.ts';

export interface BotOptions {
  /** A .jsonl/.ndjson, .json (JSON Lines or a JSON array), .yaml/.yml or .csv path, or the entries themselves. */
  knowledge: string | readonly KnowledgeEntry[];
  /** Skip bad rows of a knowledge file instead of failing; `info().skipped` lists them by line. */
  lenient?: boolean;
  thresholds?: Partial<Thresholds>;
  /**
   * Defaults to the pretrained sentence encoder for English knowledge bases (see `sentenceEncoder`) and
   * to the download-free hashing embedder fitted on the knowledge base otherwise.
   */
  embedder?: Embedder;
  /**
   * The Universal Sentence Encoder lite shipped on npm: `'auto'` (default) makes it the embedder when at
   * least 80% of the questions are English and there are at most 20,000, and for a bilingual knowledge base
   * (20–80% English) adds its vectors to the English questions and queries, for recall and ranking; `true`
   * always makes it the embedder, `false` never uses it; or options (a model folder).
   */
  sentenceEncoder?: SentenceEncoderChoice;
  /**
   * Where the sentence encoder indexes (English knowledge bases), its last transformer layer is fine-tuned on
   * the knowledge base at build and after edits (in the background), up to 5,000 questions (learned ones
   * included): about 40 s per 1,000 questions on 2 cores. `false` keeps the pretrained encoder; or training options.
   */
  fineTuneEncoder?: boolean | FineTuneOptions;
  /**
   * For Chinese knowledge bases (under 20% English questions, when `sentenceEncoder` is `'auto'`), queries are
   * also ranked on the sentence encoder's vectors of their word-by-word English glosses (CC-CEDICT), so questions
   * that mean the same without a shared word find each other. On by default; `false` turns it off.
   */
  glossVectors?: boolean;
  /**
   * Defaults to the feature ranker blended with an entry classifier trained on the knowledge base, and
   * with a pretrained embedder, also with sentence-vector similarity and a classifier over those vectors.
   */
  reranker?: Reranker;
  /** Task flows (e.g. from `parseFlows(yaml)`): started by their trigger phrases; state comes in and goes out with each turn. */
  flows?: readonly FlowDefinition[];
  /** How flow webhooks are called (default: HTTP POST of `{flowId, slots}` as JSON, 5 s timeout). */
  callWebhook?: WebhookCaller;
  /** The small-talk corpus (greetings, thanks, …); defaults to the built-in Chinese and English one. Pass [] to turn it off. */
  smallTalk?: readonly SmallTalkIntent[];
  /** English word vectors for the default ranker (e.g. `await loadWinkWordVectors()`): better English paraphrase matching. */
  wordVectors?: WordVectors;
  /**
   * Folder holding a text CNN trained by `chatbot train`: it reranks (blended with the default ranker) and,
   * unless the sentence encoder is in use, also encodes for vector recall.
   */
  model?: string;
  /** Train the text CNN on the knowledge base at start (and again in the background after edits) for reranking; `true` or training options. */
  trainCnn?: boolean | (TrainOptions & { blend?: number });
  /**
   * Visitor questions confirmed to belong to an entry (e.g. "helpful" votes stored by the server), newest first:
   * read at each training, they train the rankers (classifiers, the fine-tuned encoder, the text CNN) alongside
   * the knowledge base's questions; they are not indexed, so suggestions show only the knowledge base's own.
   */
  learnedPairs?: () => Promise<readonly LearnedPair[]>;
  /** Folder for the built index: loaded when it matches the knowledge base, written otherwise. */
  indexDir?: string;
  /**
   * Return before the slow part of training (fine-tuning the sentence encoder, encoding a Chinese knowledge
   * base's glosses or a bilingual one's English questions) and do it in the background, so a server answers at
   * once: until `trained()` resolves, the pretrained encoder's ranker, or the ranker without the glosses (fully
   * trained otherwise) answers. An `indexDir` snapshot is written once training is done. Off by default.
   */
  trainInBackground?: boolean;
  /**
   * Share of an entry's score that comes from how much of the question its answer text covers (default 0.1;
   * 0 ranks on the questions alone, e.g. when answers are labels or links rather than prose).
   */
  answerWeight?: number;
  /**
   * Words that mean the same in this business, the kept one first (`[['固定', '锁定'], ['第二个孩子', '老二', '二宝']]`;
   * `await loadSynonyms('synonyms.txt')`): questions, answers and visitors' text are rewritten to the kept word.
   */
  synonyms?: SynonymGroups;
  /** Turn typo correction off (on by default); separable words (请个假 → 请假) are still rejoined. */
  correctTypos?: boolean;
  recall?: { lexical?: number; vector?: number; entries?: number };
}

export interface QueryAnalysis {
  normalized: string;
  tokens: string[];
  vector: Float32Array;
}

export interface BotInfo {
  entries: number;
  questions: number;
  embedder: string;
  reranker: string;
  /** The similarity bar that groups questions asking the same thing, for this bot's vectors (`clusterQuestions`). */
  clusterThreshold: number;
  /** How the index was obtained. */
  source: 'built' | 'snapshot';
  /**
   * Why the saved index in `indexDir` was not used (a file cut short or missing, counts that disagree, numbers
   * that are not finite): the bot was built from the knowledge base and wrote a good index over it. Absent otherwise.
   */
  indexRebuilt?: string;
  /** The bad rows of the knowledge file skipped with `lenient`, by the line they start on (none otherwise). */
  skipped: KnowledgeProblem[];
  /** The ranker is (re)training in the background: after edits, or at start with `trainInBackground`. */
  training: boolean;
  /** The answer / "did you mean" bars in use. */
  thresholds: Thresholds;
  /** A bilingual knowledge base's bars for English questions, which score on a scale of their own. */
  englishThresholds?: Thresholds;
}

/** A question-answering bot over one knowledge base. It keeps no conversation state. */
export interface Bot {
  /** Never throws for any input: empty, huge, binary or hostile text gets an outcome. */
  ask(input: AskInput): Promise<Outcome>;
  entries(): KnowledgeEntry[];
  getEntry(id: string): KnowledgeEntry | undefined;
  /** Adds or replaces one entry without rebuilding and returns it as kept (trimmed); throws CORE_ENTRY_INVALID for a bad entry. */
  upsert(entry: KnowledgeEntry): Promise<KnowledgeEntry>;
  remove(id: string): Promise<boolean>;
  save(dir: string): Promise<void>;
  /** Writes the trained text CNN (with `trainCnn` or `model`) to a folder that `model` loads; CORE_BAD_ARGUMENT without one, or once the bot is closed. */
  saveModel(dir: string): Promise<void>;
  /** Retrains the learned rankers in the background (e.g. after new confirmed pairs); answers keep flowing meanwhile. */
  retrain(): void;
  /** Resolves once the ranker has been retrained after the latest edits (retraining runs in the background). */
  trained(): Promise<void>;
  /** The query as the pipeline sees it (normalised, corrected, segmented) and its sentence vector: for grouping similar questions. */
  analyze(text: string): Promise<QueryAnalysis>;
  thresholds(): Thresholds;
  /**
   * Throws CORE_BAD_ARGUMENT, changing nothing, for a bar that is not a number from 0 to 1, or a suggest or
   * shared-word bar above the answer bar (given now or before). `english`: bars for
   * a bilingual knowledge base's English questions only, over the others (their scores run on a scale of their own).
   */
  setThresholds(thresholds: GivenThresholds): void;
  /** Back to the bars the bot was created with (the defaults for its knowledge base, or `thresholds` given then). */
  resetThresholds(): void;
  /** The bars set by the user (`thresholds` at creation, then setThresholds), which apply over the defaults: for another bot to take over. */
  givenThresholds(): GivenThresholds;
  info(): BotInfo;
  /**
   * Stops background training for good (a bot another replaces) and, once no answer or save is under way, frees
   * the ranker's trained weights (TensorFlow.js memory, which garbage collection never returns). It still answers:
   * until then with what it learned, after that with what needs no trained weights.
   */
  close(): void;
}

function defaultReranker(embedder: Embedder, wordVectors: WordVectors | undefined, englishEncoder: Embedder | undefined, tunable?: { model: SentenceEncoderModel; options: FineTuneOptions }, glosses?: Embedder): Reranker {
  const ranker = englishRanker(embedder, wordVectors, englishEncoder, tunable) ?? createLearnedReranker(wordVectors ? { base: createFeatureReranker({ wordVectors }) } : {});
  return glosses ? rankWithGlosses(ranker, glosses) : ranker;
}

function englishRanker(embedder: Embedder, wordVectors: WordVectors | undefined, englishEncoder: Embedder | undefined, tunable?: { model: SentenceEncoderModel; options: FineTuneOptions }): Reranker | undefined {
  const features = wordVectors ? { base: createFeatureReranker({ wordVectors }) } : {};
  // The base keeps its own blend: queries the encoder does not cover (Chinese) are ranked as without it. No
  // classifier: trained on the English part alone it is sure of some English entry for any English text.
  // Similarity weight: CLINC150 dev top-1 on hashing recall 0.788 / 0.807 / 0.814 at 0.2 / 0.35 / 0.5; 0.5 made
  // the demo answer single words ("price") it should ask about.
  if (englishEncoder) return createSentenceVectorReranker({ base: createLearnedReranker(features), classifierWeight: 0, similarityWeight: 0.35, encoder: { embedder: englishEncoder, covers: isEnglishText } });
  if (!embedder.semantic) return undefined;
  // Blends tuned together on CLINC150 dev: 0.4 features, 0.2 n-gram classifier, 0.2 vector similarity, 0.2 vector classifier.
  const pretrained = createSentenceVectorReranker({ base: createLearnedReranker({ ...features, blend: 1 / 3 }) });
  if (!tunable) return pretrained;
  // Fine-tuned vectors and classifier are stronger, so they take more of the score (CLINC150 dev): 0.1 features, 0.3 n-gram classifier, 0.2 tuned similarity, 0.4 tuned classifier.
  return createFineTunedEncoderReranker({ base: createLearnedReranker({ ...features, blend: 0.75 }), fallback: pretrained, model: tunable.model, ...tunable.options });
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
  const rewriteSynonyms = createSynonymRewriter(options.synonyms ?? []);
  const normalize = (text: string) => rewriteSynonyms(normalizeText(text));
  const answerWeight = options.answerWeight ?? DEFAULT_ANSWER_WEIGHT;
  if (!(answerWeight >= 0 && answerWeight < 1)) throw new CoreError('CORE_BAD_ARGUMENT', `answerWeight must be at least 0 and below 1, not ${answerWeight}`);
  const { entries: entriesIn, problems: skipped } = typeof options.knowledge === 'string' ? await loadKnowledge(options.knowledge, { lenient: options.lenient ?? false }) : { entries: checkEntries(options.knowledge), problems: [] };
  const cnn = options.model ? await loadTextCnn(options.model, options.wordVectors) : undefined;
  // The sentence encoder recalls better than a CNN trained on the knowledge base (CLINC150 test top-1 0.824 with
  // the CNN reranking only, 0.760 with CNN vectors), so with both the CNN only reranks.
  const chosenUse = options.embedder === undefined ? sentenceEncoderUse(options.sentenceEncoder ?? 'auto', entriesIn) : 'none';
  // The glosses serve only the default ranker: with them off or another ranker given, the encoder is not loaded at all.
  const encoderUse = chosenUse === 'chinese-glosses' && (options.glossVectors === false || options.reranker) ? 'none' : chosenUse;
  const loadedEncoder = encoderUse === 'none' ? undefined : await createSentenceEncoderEmbedder(typeof options.sentenceEncoder === 'object' ? options.sentenceEncoder : {});
  // A bilingual bot encodes an English query for recall and again for ranking: the second comes from memory.
  const encoder = loadedEncoder && encoderUse === 'english-questions' ? rememberRecentTexts(loadedEncoder) : loadedEncoder;
  const ownEmbedder = cnn ? createCnnEmbedder(cnn.model, cnn.fingerprint) : createHashingEmbedder();
  const embedder =
    options.embedder ??
    (encoderUse === 'index' ? encoder! : encoderUse === 'english-questions' ? createBilingualEmbedder({ base: ownEmbedder, english: encoder!, covers: isEnglishText }) : ownEmbedder);
  const tunable = encoderUse === 'index' && loadedEncoder && options.fineTuneEncoder !== false ? { model: loadedEncoder.model, options: typeof options.fineTuneEncoder === 'object' ? options.fineTuneEncoder : {} } : undefined;
  // The knowledge base's words are this bot's alone: the segmenter teaches them to the cutter the typo corrector cuts with.
  const cutter = createJiebaCutter();
  const segmenter = createJiebaSegmenter(cutter);
  // Not for bilingual knowledge bases: on the demo the glosses raise the out-of-scope questions' scores as much as
  // the right answers', so at bars that leave those alone it answered no more right (README, "Ranked through English glosses").
  const glosses = loadedEncoder && encoderUse === 'chinese-glosses' ? createChineseGlossEmbedder(loadedEncoder, segmenter) : undefined;
  const baseReranker = options.reranker ?? defaultReranker(embedder, options.wordVectors, encoderUse === 'english-questions' ? encoder : undefined, tunable, glosses);
  const reranker =
    cnn || options.trainCnn
      ? createCnnReranker({ base: baseReranker, ...(cnn ? { model: cnn.model } : {}), ...(options.wordVectors ? { wordVectors: options.wordVectors } : {}), training: typeof options.trainCnn === 'object' ? options.trainCnn : {}, ...(typeof options.trainCnn === 'object' && options.trainCnn.blend !== undefined ? { blend: options.trainCnn.blend } : {}) })
      : baseReranker;
  const correctors = [createSeparableWordJoiner(), ...(options.correctTypos === false ? [] : [createZhTypoCorrector(cutter), createEnTypoCorrector(), createEnSynonymCorrector()])];
  const dictionary = chineseDictionary();
  const isKnownWord = (w: string) => dictionary.has(w);
  // Each ranker family scores on its own scale (a CNN blended in moves the encoder's scores towards the lexical ones).
  const family: RankerFamily = encoderUse === 'index' && !options.reranker && !cnn && !options.trainCnn ? 'sentence-encoder' : isEnglishKnowledge(entriesIn) ? 'lexical-english' : glosses ? 'lexical-glosses' : 'lexical';
  // A bilingual knowledge base ranks English questions on sentence-vector similarity too, a scale of their own;
  // bars the user sets apply to every question, the `english` ones over them to English questions.
  const englishFamily: RankerFamily | undefined = encoderUse === 'english-questions' && family === 'lexical' && !options.reranker && !cnn && !options.trainCnn ? 'bilingual-english' : undefined;
  const configuredBars = orderedThresholds(checkedThresholds(options.thresholds));
  // Bars set by the user (at creation, then setThresholds) over each family's defaults.
  let givenBars = configuredBars;
  let givenEnglishBars: Partial<Thresholds> = {};
  const barsOf = (f: RankerFamily): Thresholds => ({ ...DEFAULT_THRESHOLDS[f], ...givenBars, ...(f === englishFamily ? givenEnglishBars : {}) });
  const barsFor = (text: string): Thresholds => barsOf(englishFamily && isEnglishText(text) ? englishFamily : family);

  const hash = knowledgeHash(entriesIn, options.synonyms);
  const opened = await openIndex({ segmenter, embedder, correctors, isKnownWord, normalize }, entriesIn, { indexDir: options.indexDir, knowledgeHash: hash });
  const { index, vectorIndex, snapshot } = opened;
  // Why a saved index was not used but rebuilt (damaged): info() says so.
  let indexRebuilt = opened.rebuilt;

  const allQuestions = () => index.entries().flatMap((e) => index.questionsOf(e.id));
  const learned = createLearnedQuestions({
    ...(options.learnedPairs ? { pairs: options.learnedPairs } : {}),
    normalize,
    segment: (normalized) => segmenter.segment(normalized),
    embedder,
    hasEntry: (id) => index.entry(id) !== undefined,
    knownTexts: () => new Set(allQuestions().map((q) => q.normalized)),
  });
  // What the rankers train on: the knowledge base's questions and the visitors' questions confirmed to belong to them.
  const trainingQuestions = async () => [...allQuestions(), ...(await learned.questions())];
  const training = new AbortController();
  const retrainer = createBackgroundRetrainer(async () => {
    try {
      if (!training.signal.aborted) await reranker.fit?.(await trainingQuestions(), training.signal);
    } catch (error) {
      if (!training.signal.aborted) throw error; // stopped by close(): not a failure
    }
  });
  const restoreRanker = (state: RerankerState): boolean => {
    try {
      reranker.restore!(state);
      return true;
    } catch (error) {
      indexRebuilt = `the saved index in "${options.indexDir}" is damaged: the ranker's weights do not fit (${error instanceof Error ? error.message : String(error)}); it was trained again`;
      return false;
    }
  };
  const rankerRestored = snapshot?.manifest.rerankerId === reranker.id && snapshot.rerankerState !== undefined && reranker.restore !== undefined && restoreRanker(snapshot.rerankerState);
  if (!rankerRestored && options.trainInBackground && reranker.fitQuickly) {
    // Learned questions wait for the background training too: reading and embedding them is not quick.
    if ((await reranker.fitQuickly(allQuestions())).slowPartLeft || options.learnedPairs) retrainer.schedule();
  } else if (!rankerRestored) await reranker.fit?.(await trainingQuestions());
  const flows = createFlowEngine(options.flows ?? [], options.callWebhook);
  const smallTalk = createSmallTalkMatcher(options.smallTalk ?? DEFAULT_SMALL_TALK);
  const recall = { lexical: 50, vector: 30, entries: 20, ...options.recall };
  const retrieval: Stage[] = [
    createNormalizeStage(normalize),
    ...(correctors.length > 0 ? [createCorrectTyposStage(correctors)] : []),
    createSegmentStage(segmenter, { has: (term) => index.bm25.has(term), longerTerms: (word) => index.bm25.longerTerms(word) }, isCommonChineseWord),
    createRecallLexicalStage(index.bm25, recall.lexical),
    createRecallVectorStage(embedder, vectorIndex, recall.vector),
    createRerankStage(index, reranker, recall.entries, answerWeight),
  ];
  const stages: Stage[] = [
    ...retrieval,
    // Its rules were tuned with the main bars for every question; English questions' own bars there cost follow-ups ("and one-on-one?").
    createContextStage(index, retrieval, () => barsOf(family), (text) => smallTalk(text) !== undefined),
    createAskedFigureStage(index, barsFor),
    createSmallTalkStage(smallTalk, barsFor),
    createDecideStage(index, barsFor),
  ];

  async function save(dir: string): Promise<void> {
    await retrainer.idle();
    const entries = index.entries();
    const questions = allQuestions();
    await writeSnapshot(
      dir,
      {
        manifest: { version: SNAPSHOT_VERSION, embedderId: embedder.id, rerankerId: reranker.id, knowledgeHash: knowledgeHash(entries, options.synonyms), createdAt: new Date().toISOString(), entries: entries.length, questions: questions.length },
        entries,
        questions,
        terms: index.terms(),
        embedderState: embedder.state?.() ?? null,
        rerankerState: reranker.state?.(),
      },
      (path) => vectorIndex.save(path),
    );
  }
  // Answers and saves under way: a closed bot frees its ranker's trained weights once none is.
  let busy = 0;
  let closed = false;
  const releaseIfIdle = () => {
    if (!closed || busy > 0) return;
    const release = () => {
      if (busy === 0) reranker.dispose?.();
    };
    void retrainer.idle().then(release, release);
  };
  const inUse = async <T>(work: () => Promise<T>): Promise<T> => {
    busy++;
    try {
      return await work();
    } finally {
      busy--;
      releaseIfIdle();
    }
  };

  // Written after training (save waits for it); in the background, a failure surfaces from trained().
  const firstSave = options.indexDir && (!snapshot || indexRebuilt) ? inUse(() => save(options.indexDir!)) : undefined;
  if (options.trainInBackground) firstSave?.catch(() => undefined);
  else await firstSave;

  async function ask(input: AskInput): Promise<Outcome> {
    const text = typeof input?.text === 'string' ? input.text : '';
    const history = Array.isArray(input?.history) ? input.history : [];
    const answer = async (): Promise<Outcome> => {
      const turn = await runPipeline(stages, newTurn({ text, history }));
      return { ...turn.outcome!, trace: turn.trace };
    };
    try {
      const state = input?.flow && typeof input.flow === 'object' ? input.flow : undefined;
      const started = state ? undefined : flows.triggered(text);
      if (!state && !started) return await answer();
      const began = performance.now();
      let faq: Outcome | undefined;
      const reply = state
        ? await flows.continue(state, text, async () => {
            faq = await answer();
            // "谢谢" or "你好" in the middle of a flow is answered like a question, not counted as a bad answer.
            return faq.kind === 'answer' || faq.kind === 'small-talk' ? faq.text : undefined;
          })
        : await flows.start(started!, hasHan(text));
      if (!reply) return await answer();
      const trace = [...(faq?.trace ?? []), { stage: 'flow', ms: performance.now() - began, detail: { flowId: reply.flowId, event: reply.event, step: reply.state?.stepId ?? null, slots: reply.state?.slots ?? reply.submitted ?? {} } }];
      const { flowId, event, state: next, ...rest } = reply;
      return { kind: 'flow', flowId, event, flow: next, ...rest, confidence: 1, candidates: faq?.candidates ?? [], trace };
    } catch (error) {
      // A defect in a stage must not take the conversation down: the visitor is handed to a person instead.
      return { kind: 'no-answer', reason: 'internal-error', confidence: 0, candidates: [], trace: [{ stage: 'error', detail: { message: error instanceof Error ? error.message : String(error) }, ms: 0 }] };
    }
  }

  return {
    ask: (input) => inUse(() => ask(input)),
    entries: () => index.entries(),
    getEntry: (id) => index.entry(id),
    async upsert(entry) {
      const checked = validateEntry(entry);
      if ('errors' in checked) throw new CoreError('CORE_ENTRY_INVALID', `entry is invalid: ${checked.errors.join('; ')}`);
      await index.upsert(checked.entry);
      if (reranker.fit) retrainer.schedule();
      return checked.entry;
    },
    async remove(id) {
      const removed = await index.remove(id);
      if (removed && reranker.fit) retrainer.schedule();
      return removed;
    },
    save: (dir) => inUse(() => save(dir)),
    // Counted as work under way, so a close() meanwhile frees the weights only after they are written.
    saveModel: (dir) =>
      inUse(async () => {
        if (closed) throw new CoreError('CORE_BAD_ARGUMENT', 'this bot is closed and its trained text CNN freed: save the model before close()');
        await retrainer.idle();
        const model = 'model' in reranker && typeof reranker.model === 'function' ? (reranker.model() as TextCnnEnsemble | undefined) : undefined;
        if (!model) throw new CoreError('CORE_BAD_ARGUMENT', 'this bot has no trained text CNN (create it with trainCnn or model)');
        await saveTextCnn(dir, model);
      }),
    trained: async () => {
      await firstSave;
      await retrainer.idle();
    },
    retrain: () => {
      if (reranker.fit) retrainer.schedule();
    },
    async analyze(text) {
      const turn = await runPipeline(retrieval.slice(0, correctors.length > 0 ? 3 : 2), newTurn({ text: String(text ?? ''), history: [] }));
      const [vector] = await embedder.embed([{ text: turn.text, tokens: turn.tokens }]);
      return { normalized: turn.text, tokens: turn.tokens, vector: vector! };
    },
    thresholds: () => barsOf(family),
    givenThresholds: () => ({ ...givenBars, ...(Object.keys(givenEnglishBars).length > 0 ? { english: { ...givenEnglishBars } } : {}) }),
    setThresholds({ english, ...next }) {
      // Checked as they would be in use, over the bars given before; nothing changes when they are refused.
      const main = orderedThresholds({ ...givenBars, ...checkedThresholds(next) });
      const forEnglish = { ...givenEnglishBars, ...(english ? checkedThresholds(english) : {}) };
      orderedThresholds({ ...main, ...forEnglish }, 'english: ');
      givenBars = main;
      givenEnglishBars = forEnglish;
    },
    resetThresholds: () => {
      givenBars = configuredBars;
      givenEnglishBars = {};
    },
    info() {
      const entries = index.entries();
      return { entries: entries.length, questions: entries.reduce((n, e) => n + e.questions.length, 0), embedder: embedder.id, reranker: reranker.id, clusterThreshold: defaultClusterThreshold(embedder.semantic ?? false), source: snapshot ? 'snapshot' : 'built', ...(indexRebuilt ? { indexRebuilt } : {}), skipped: [...skipped], training: retrainer.busy(), thresholds: barsOf(family), ...(englishFamily ? { englishThresholds: barsOf(englishFamily) } : {}) };
    },
    close() {
      training.abort();
      closed = true;
      releaseIfIdle();
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
