import { createBm25Index, type Bm25Index } from '../adapters/bm25-index.ts';
import { CoreError } from '../errors.ts';
import type { Embedder } from '../ports/embedder.ts';
import type { Segmenter } from '../ports/segmenter.ts';
import type { TypoCorrector } from '../ports/typo-corrector.ts';
import type { VectorIndex } from '../ports/vector-index.ts';
import { hasHan } from '../text/script.ts';
import type { KnowledgeEntry } from '../types.ts';
import type { IndexedQuestion } from './indexed-question.ts';
import { mineTerms } from './mine-terms.ts';

export interface KnowledgeIndexParts {
  segmenter: Segmenter;
  embedder: Embedder;
  vectorIndex: VectorIndex;
  correctors: TypoCorrector[];
  isKnownWord: (word: string) => boolean;
  /** Canonical text of a question, answer or tag (normalizeText, then the bot's synonym table). */
  normalize: (text: string) => string;
}

/**
 * Everything the pipeline searches: entries, their questions (normalised, segmented, embedded), the
 * BM25 index and the vector index. Entries can be added, replaced and removed one at a time.
 */
export interface KnowledgeIndex {
  readonly parts: KnowledgeIndexParts;
  readonly bm25: Bm25Index;
  entry(id: string): KnowledgeEntry | undefined;
  entries(): KnowledgeEntry[];
  question(docId: number): IndexedQuestion | undefined;
  questionsOf(entryId: string): IndexedQuestion[];
  /** The index terms of an entry's answer (normalised and segmented like a question). */
  answerTerms(entryId: string): ReadonlySet<string>;
  /** Builds from scratch: learns domain terms, fits the embedder, indexes every entry. */
  build(entries: readonly KnowledgeEntry[]): Promise<void>;
  upsert(entry: KnowledgeEntry): Promise<void>;
  remove(id: string): boolean;
  /** Restores from a snapshot (no re-embedding). */
  restore(entries: readonly KnowledgeEntry[], questions: readonly IndexedQuestion[], terms: readonly string[]): void;
  /** Domain words taught to the segmenter. */
  terms(): string[];
  /** Goes up with every change to the entries, so what is derived from them can be kept until then. */
  revision(): number;
}

export function createKnowledgeIndex(parts: KnowledgeIndexParts): KnowledgeIndex {
  const { segmenter, embedder, vectorIndex, correctors, normalize } = parts;
  const bm25 = createBm25Index();
  const entries = new Map<string, KnowledgeEntry>();
  const questions = new Map<number, IndexedQuestion>();
  const docsOfEntry = new Map<string, number[]>();
  const learnedTerms = new Set<string>();
  // Filled on first use; dropped when the entry changes.
  const answerTermsOf = new Map<string, ReadonlySet<string>>();
  let nextDocId = 0;
  let revision = 0;

  function teach(words: Iterable<string>): void {
    const list = [...words];
    for (const w of list) learnedTerms.add(w);
    segmenter.addWords(list);
  }

  function learnVocabulary(entry: KnowledgeEntry, prepared: { normalized: string; tokens: string[] }[]): void {
    const words = new Set<string>();
    for (const { normalized, tokens } of prepared) {
      for (const t of tokens) if (t.length >= 2) words.add(t);
      for (const w of normalized.split(/[^a-z]+/)) if (w.length >= 2) words.add(w);
    }
    for (const extra of [entry.topic, entry.attribute, ...(entry.tags ?? [])]) if (extra) words.add(normalize(extra));
    for (const corrector of correctors) {
      corrector.learn(words);
      corrector.learnPhrases?.(prepared.map((p) => p.normalized));
    }
  }

  function prepare(entry: KnowledgeEntry): { text: string; normalized: string; tokens: string[] }[] {
    return entry.questions.map((text) => {
      const normalized = normalize(text);
      return { text, normalized, tokens: segmenter.segment(normalized) };
    });
  }

  interface PreparedEntry {
    entry: KnowledgeEntry;
    questions: { text: string; normalized: string; tokens: string[]; vector: Float32Array }[];
  }

  /** The slow, asynchronous part (embedding); the index is not touched until `insert`. */
  async function prepareEntry(entry: KnowledgeEntry): Promise<PreparedEntry> {
    const explicitTerms = [entry.topic, entry.attribute].filter((t): t is string => !!t && hasHan(t)).map(normalize);
    if (explicitTerms.length > 0) teach(explicitTerms);
    const prepared = prepare(entry);
    learnVocabulary(entry, prepared);
    const vectors = await embedder.embed(prepared);
    return { entry, questions: prepared.map((p, i) => ({ ...p, vector: vectors[i]! })) };
  }

  function insert({ entry, questions: prepared }: PreparedEntry): void {
    const ids: number[] = [];
    for (const p of prepared) {
      const docId = nextDocId++;
      questions.set(docId, { docId, entryId: entry.id, ...p });
      bm25.add(docId, p.tokens);
      vectorIndex.add(docId, p.vector);
      ids.push(docId);
    }
    entries.set(entry.id, entry);
    docsOfEntry.set(entry.id, ids);
    answerTermsOf.delete(entry.id);
    revision++;
  }

  function removeEntry(id: string): boolean {
    const ids = docsOfEntry.get(id);
    if (!ids) return false;
    for (const docId of ids) {
      bm25.remove(docId);
      vectorIndex.remove(docId);
      questions.delete(docId);
    }
    docsOfEntry.delete(id);
    entries.delete(id);
    answerTermsOf.delete(id);
    revision++;
    return true;
  }

  return {
    parts,
    bm25,
    entry: (id) => entries.get(id),
    entries: () => [...entries.values()],
    question: (docId) => questions.get(docId),
    questionsOf: (entryId) => (docsOfEntry.get(entryId) ?? []).map((d) => questions.get(d)!),
    terms: () => [...learnedTerms],
    revision: () => revision,
    answerTerms(entryId) {
      let terms = answerTermsOf.get(entryId);
      const entry = entries.get(entryId);
      if (!terms && entry) answerTermsOf.set(entryId, (terms = new Set(segmenter.segment(normalize(entry.answer)))));
      return terms ?? new Set();
    },
    async build(list) {
      if (entries.size > 0) throw new CoreError('CORE_BAD_ARGUMENT', 'build() runs once, on an empty index');
      const normalizedQuestions = list.flatMap((e) => e.questions.map(normalize));
      teach(mineTerms(normalizedQuestions, parts.isKnownWord));
      if (embedder.fit) {
        const corpus = normalizedQuestions.map((text) => ({ text, tokens: segmenter.segment(text) }));
        await embedder.fit(corpus);
      }
      for (const entry of list) insert(await prepareEntry(entry));
    },
    async upsert(entry) {
      const prepared = await prepareEntry(entry);
      // Swap synchronously so a concurrent ask sees either the old entry or the new one.
      removeEntry(entry.id);
      insert(prepared);
    },
    remove: removeEntry,
    restore(list, stored, terms) {
      teach(terms);
      for (const entry of list) entries.set(entry.id, entry);
      answerTermsOf.clear();
      revision++;
      for (const q of stored) {
        questions.set(q.docId, q);
        bm25.add(q.docId, q.tokens);
        const ids = docsOfEntry.get(q.entryId) ?? [];
        ids.push(q.docId);
        docsOfEntry.set(q.entryId, ids);
        nextDocId = Math.max(nextDocId, q.docId + 1);
      }
      for (const entry of list) learnVocabulary(entry, (docsOfEntry.get(entry.id) ?? []).map((d) => questions.get(d)!));
    },
  };
}
