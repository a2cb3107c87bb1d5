import { describe, expect, it } from 'vitest';
import { createBot } from '../create-bot.ts';
import { CoreError } from '../errors.ts';
import { answerCoverage, blendAnswerCoverage } from './answer-coverage.ts';

const idf = (term: string) => ({ 月度: 3, 报告: 2, 有: 0.5 })[term] ?? 1;

describe('answerCoverage', () => {
  it('is the share of the query IDF mass the answer contains', () => {
    expect(answerCoverage(['有', '月度', '报告'], new Set(['月度', '报告']), idf)).toBeCloseTo(5 / 5.5);
    expect(answerCoverage(['有', '月度'], new Set(['价格']), idf)).toBe(0);
    expect(answerCoverage([], new Set(['价格']), idf)).toBe(0);
  });
  it('moves an entry whose answer covers the query up, and leaves the order alone at weight 0', () => {
    const candidates = [
      { entryId: 'promotion', question: '', lexical: 0, vector: 0, score: 0.3 },
      { entryId: 'report', question: '', lexical: 0, vector: 0, score: 0.28 },
    ];
    const coverage = (id: string) => (id === 'report' ? 0.9 : 0);
    expect(blendAnswerCoverage(candidates, coverage, 0.1).map((c) => c.entryId)).toEqual(['report', 'promotion']);
    expect(blendAnswerCoverage(candidates, coverage, 0)).toEqual(candidates);
  });
});

describe('a bot matching queries against answers', () => {
  const knowledge = [
    { id: 'report', questions: ['怎么看孩子的学习报告', '有学习进度报告吗'], answer: '每节课后生成课堂报告，每月生成月度学习报告。' },
    { id: 'promotion', questions: ['最近有什么优惠活动', '每月有优惠吗'], answer: '每月 1 日开放限时折扣。' },
    { id: 'refund', questions: ['课程可以退款吗'], answer: '购课 7 天内可全额退款。' },
  ];

  it('ranks the entry whose answer holds the words the questions lack, unless told not to', async () => {
    const withAnswers = await createBot({ knowledge, sentenceEncoder: false });
    const outcome = await withAnswers.ask({ text: '有没有月度报告' });
    expect(outcome.candidates[0]?.entryId).toBe('report');
    expect(outcome.trace.find((t) => t.stage === 'rerank')?.detail).toMatchObject({ answerWeight: 0.1 });
    const questionsOnly = await createBot({ knowledge, sentenceEncoder: false, answerWeight: 0 });
    const plain = await questionsOnly.ask({ text: '有没有月度报告' });
    const score = (o: typeof outcome, id: string) => o.candidates.find((c) => c.entryId === id)?.score ?? 0;
    expect(score(outcome, 'report') - score(outcome, 'promotion')).toBeGreaterThan(score(plain, 'report') - score(plain, 'promotion'));
  });

  it('follows an edited answer', async () => {
    const bot = await createBot({ knowledge, sentenceEncoder: false });
    const before = (await bot.ask({ text: '原路退回要几天' })).candidates.find((c) => c.entryId === 'refund')?.score ?? 0;
    await bot.upsert({ id: 'refund', questions: ['课程可以退款吗'], answer: '购课 7 天内可全额退款，3 个工作日原路退回。' });
    const after = (await bot.ask({ text: '原路退回要几天' })).candidates.find((c) => c.entryId === 'refund')?.score ?? 0;
    expect(after).toBeGreaterThan(before);
  });

  it('refuses a weight outside [0, 1)', async () => {
    await expect(createBot({ knowledge, answerWeight: 1 })).rejects.toBeInstanceOf(CoreError);
    await expect(createBot({ knowledge, answerWeight: -0.1 })).rejects.toBeInstanceOf(CoreError);
    await expect(createBot({ knowledge, answerWeight: Number.NaN })).rejects.toBeInstanceOf(CoreError);
  });
});
