import { describe, expect, it } from 'vitest';
import { createBm25Index } from './bm25-index.ts';

describe('BM25 inverted index', () => {
  it('ranks the document sharing the rarer terms first', () => {
    const index = createBm25Index();
    index.add(1, ['退款', '怎么', '申请']);
    index.add(2, ['发票', '怎么', '开']);
    index.add(3, ['试听课', '怎么', '预约']);
    expect(index.search(['怎么', '退款'], 3)[0]?.docId).toBe(1);
    expect(index.idf('退款')).toBeGreaterThan(index.idf('怎么'));
  });

  it('adds and removes documents incrementally, compacting tombstones', () => {
    const index = createBm25Index();
    for (let i = 0; i < 30; i++) index.add(i, [`term${i}`, 'shared']);
    for (let i = 0; i < 20; i++) index.remove(i);
    expect(index.size).toBe(10);
    expect(index.search(['term5'], 5)).toEqual([]);
    expect(index.search(['term25'], 5)[0]?.docId).toBe(25);
    index.add(5, ['term5', 'back']);
    expect(index.search(['term5'], 5)[0]?.docId).toBe(5);
    expect(index.search(['shared'], 100)).toHaveLength(11);
  });
});

describe('BM25 on a large index', () => {
  it('returns the same best documents whether or not it takes the shortcuts for common terms', () => {
    const index = createBm25Index();
    for (let i = 0; i < 5000; i++) index.add(i, ['怎么', i % 2 ? '退款' : '发票', `型号${i % 700}`]);
    const hits = index.search(['怎么', '退款', '型号13'], 5);
    // Documents 13, 713, 1413, ... hold 型号13; the odd ones also hold 退款.
    expect(hits.map((h) => h.docId).sort((a, b) => a - b)).toEqual([13, 713, 1413, 2113, 2813]);
    const common = index.search(['怎么', '退款'], 50);
    expect(common).toHaveLength(50);
    expect(common.every((h) => h.docId % 2 === 1)).toBe(true);
    expect(common[0]!.score).toBeGreaterThanOrEqual(common[49]!.score);
  });

  it('finds the Chinese terms one character longer that start with a word, while a question holds them', () => {
    const index = createBm25Index();
    index.add(1, ['试听课', '怎么', '预约']);
    index.add(2, ['听课', '要', '带', '耳机']);
    expect(index.longerTerms('试听')).toEqual(['试听课']);
    expect(index.longerTerms('听')).toEqual([]); // two-character terms are no longer form of one character
    index.remove(1);
    for (let docId = 10; docId < 120; docId++) index.add(docId, ['发票']);
    for (let docId = 10; docId < 120; docId++) index.remove(docId); // compaction drops terms no question holds
    expect(index.longerTerms('试听')).toEqual([]);
  });
});
