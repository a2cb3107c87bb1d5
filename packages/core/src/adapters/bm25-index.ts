/** A document hit from lexical recall. */
export interface LexicalHit {
  docId: number;
  score: number;
}

export interface Bm25Options {
  k1?: number;
  b?: number;
}

interface Posting {
  docs: number[];
  tfs: number[];
}

/**
 * Inverted index with Okapi BM25 scoring. Documents can be added and removed one at a time;
 * removed documents are skipped and compacted away once they make up a third of the postings.
 */
export interface Bm25Index {
  add(docId: number, tokens: readonly string[]): void;
  remove(docId: number): void;
  search(tokens: readonly string[], limit: number): LexicalHit[];
  /** Inverse document frequency of a term (unseen terms get the largest value). */
  idf(term: string): number;
  /** Some question holds the term. */
  has(term: string): boolean;
  /** Chinese terms one character longer that start with the word ("试听" -> 试听课). */
  longerTerms(word: string): readonly string[];
  readonly size: number;
}

const HAN_TERM = /^\p{Script=Han}{3,}$/u;

/** The terms one character longer than a word, by the word they start with. */
function createLongerTerms() {
  const byStart = new Map<string, Set<string>>();
  const startOf = (term: string) => Array.from(term).slice(0, -1).join('');
  return {
    add(term: string) {
      if (!HAN_TERM.test(term)) return;
      let terms = byStart.get(startOf(term));
      if (!terms) byStart.set(startOf(term), (terms = new Set()));
      terms.add(term);
    },
    delete(term: string) {
      if (HAN_TERM.test(term)) byStart.get(startOf(term))?.delete(term);
    },
    of: (word: string): readonly string[] => [...(byStart.get(word) ?? [])],
  };
}

const COMMON_TERM_SHARE = 0.05;
const COMMON_TERM_MIN_DOCS = 500;

/** The `limit` best documents, best first, without sorting every touched document. */
function topK(docs: readonly number[], scores: Float64Array, limit: number): LexicalHit[] {
  if (docs.length <= limit * 4) {
    return docs.map((docId) => ({ docId, score: scores[docId]! })).sort((x, y) => y.score - x.score).slice(0, limit);
  }
  // A min-heap of the best `limit` so far.
  const heap: number[] = [];
  const less = (i: number, j: number) => scores[heap[i]!]! < scores[heap[j]!]!;
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
  for (const doc of docs) {
    if (heap.length < limit) {
      heap.push(doc);
      for (let i = heap.length - 1; i > 0 && less(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    } else if (scores[doc]! > scores[heap[0]!]!) {
      heap[0] = doc;
      for (let i = 0; ; ) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let m = i;
        if (l < heap.length && less(l, m)) m = l;
        if (r < heap.length && less(r, m)) m = r;
        if (m === i) break;
        swap(i, m);
        i = m;
      }
    }
  }
  return heap.map((docId) => ({ docId, score: scores[docId]! })).sort((x, y) => y.score - x.score);
}

export function createBm25Index({ k1 = 1.2, b = 0.75 }: Bm25Options = {}): Bm25Index {
  const postings = new Map<string, Posting>();
  const longer = createLongerTerms();
  const lengths = new Map<number, number>();
  const docTerms = new Map<number, Map<string, number>>();
  let totalLength = 0;
  let removedSinceCompaction = 0;
  let scores = new Float64Array(1024);
  /** Token count per live document, 0 once removed: a typed array, because search reads it per posting. */
  let docLength = new Int32Array(1024);

  function idf(term: string): number {
    const n = lengths.size;
    const df = postings.get(term)?.docs.length ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  function compact(): void {
    for (const [term, posting] of postings) {
      const docs: number[] = [];
      const tfs: number[] = [];
      posting.docs.forEach((doc, i) => {
        if (lengths.has(doc)) {
          docs.push(doc);
          tfs.push(posting.tfs[i]!);
        }
      });
      if (docs.length === 0) {
        postings.delete(term);
        longer.delete(term);
      } else postings.set(term, { docs, tfs });
    }
    removedSinceCompaction = 0;
  }

  return {
    get size() {
      return lengths.size;
    },
    idf,
    has: (term) => postings.has(term),
    longerTerms: (word) => longer.of(word),
    add(docId, tokens) {
      if (lengths.has(docId)) this.remove(docId);
      const counts = new Map<string, number>();
      for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [term, tf] of counts) {
        let posting = postings.get(term);
        if (!posting) {
          postings.set(term, (posting = { docs: [], tfs: [] }));
          longer.add(term);
        }
        // A re-added id may still sit in a posting list from before its removal.
        const stale = posting.docs.indexOf(docId);
        if (stale >= 0) {
          posting.docs.splice(stale, 1);
          posting.tfs.splice(stale, 1);
        }
        posting.docs.push(docId);
        posting.tfs.push(tf);
      }
      lengths.set(docId, tokens.length);
      docTerms.set(docId, counts);
      totalLength += tokens.length;
      if (docId >= scores.length) {
        const size = Math.max(docId + 1, scores.length * 2);
        scores = new Float64Array(size);
        const grown = new Int32Array(size);
        grown.set(docLength);
        docLength = grown;
      }
      docLength[docId] = Math.max(1, tokens.length);
    },
    remove(docId) {
      const length = lengths.get(docId);
      if (length === undefined) return;
      lengths.delete(docId);
      docLength[docId] = 0;
      docTerms.delete(docId);
      totalLength -= length;
      removedSinceCompaction++;
      if (removedSinceCompaction * 3 > lengths.size + 100) compact();
    },
    search(tokens, limit) {
      const n = lengths.size;
      if (n === 0) return [];
      const avgLength = totalLength / n;
      const touched: number[] = [];
      // Rare terms first: once they have found documents, very common terms only add to those
      // (a term in a twentieth of the knowledge base cannot bring in a better candidate by itself).
      const terms = [...new Set(tokens)].flatMap((term) => {
        const posting = postings.get(term);
        return posting ? [{ posting, weight: idf(term) }] : [];
      });
      terms.sort((x, y) => x.posting.docs.length - y.posting.docs.length);
      const commonAt = Math.max(COMMON_TERM_MIN_DOCS, n * COMMON_TERM_SHARE);
      for (const { posting, weight } of terms) {
        const refineOnly = touched.length > 0 && posting.docs.length > commonAt;
        for (let i = 0; i < posting.docs.length; i++) {
          const doc = posting.docs[i]!;
          const length = docLength[doc]!;
          if (length === 0) continue;
          if (scores[doc] === 0) {
            if (refineOnly) continue;
            touched.push(doc);
          }
          const tf = posting.tfs[i]!;
          scores[doc] = scores[doc]! + (weight * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * length) / avgLength));
        }
      }
      const hits = topK(touched, scores, limit);
      for (const doc of touched) scores[doc] = 0;
      return hits;
    },
  };
}
