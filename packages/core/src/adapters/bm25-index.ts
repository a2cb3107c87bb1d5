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
  readonly size: number;
}

export function createBm25Index({ k1 = 1.2, b = 0.75 }: Bm25Options = {}): Bm25Index {
  const postings = new Map<string, Posting>();
  const lengths = new Map<number, number>();
  const docTerms = new Map<number, Map<string, number>>();
  let totalLength = 0;
  let removedSinceCompaction = 0;
  let scores = new Float64Array(1024);

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
      if (docs.length === 0) postings.delete(term);
      else postings.set(term, { docs, tfs });
    }
    removedSinceCompaction = 0;
  }

  return {
    get size() {
      return lengths.size;
    },
    idf,
    add(docId, tokens) {
      if (lengths.has(docId)) this.remove(docId);
      const counts = new Map<string, number>();
      for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [term, tf] of counts) {
        let posting = postings.get(term);
        if (!posting) postings.set(term, (posting = { docs: [], tfs: [] }));
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
      if (docId >= scores.length) scores = new Float64Array(Math.max(docId + 1, scores.length * 2));
    },
    remove(docId) {
      const length = lengths.get(docId);
      if (length === undefined) return;
      lengths.delete(docId);
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
      for (const term of new Set(tokens)) {
        const posting = postings.get(term);
        if (!posting) continue;
        const weight = idf(term);
        for (let i = 0; i < posting.docs.length; i++) {
          const doc = posting.docs[i]!;
          const length = lengths.get(doc);
          if (length === undefined) continue;
          const tf = posting.tfs[i]!;
          if (scores[doc] === 0) touched.push(doc);
          scores[doc] = scores[doc]! + (weight * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * length) / avgLength));
        }
      }
      const hits = touched.map((docId) => ({ docId, score: scores[docId]! }));
      for (const doc of touched) scores[doc] = 0;
      hits.sort((x, y) => y.score - x.score);
      return hits.slice(0, limit);
    },
  };
}
