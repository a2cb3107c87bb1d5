import { describe, expect, it } from 'vitest';
import { createBot } from './create-bot.ts';
import type { KnowledgeEntry } from './types.ts';

const KNOWLEDGE: KnowledgeEntry[] = [
  { id: 'refund', questions: ['怎么退款', '课程可以退费吗', '退款多久到账'], answer: '课程未上完可申请退款，3 个工作日内原路退回。' },
  { id: 'price', questions: ['一节课多少钱', '课程价格是多少', '收费标准'], answer: '一对一 180 元一节。' },
  { id: 'invoice', questions: ['怎么开发票', '发票怎么申请', '能开专票吗'], answer: '在订单页申请电子发票。' },
  { id: 'teacher', questions: ['老师是哪里的', '可以换老师吗', '老师有资质吗'], answer: '老师均持证上岗，可随时更换。' },
];

// Visitors asked "no longer want it, the money should come back" in words the knowledge base never uses, and voted the refund answer helpful.
const VOTES = [
  { text: '不想学了钱能拿回来吗', entryId: 'refund' },
  { text: '不学了钱还能拿回来不', entryId: 'refund' },
  { text: '交的钱怎么拿回来', entryId: 'refund' },
];
const QUERY = '不想上了，钱可以拿回来吗';

describe('createBot with learned pairs (visitor questions confirmed by helpful votes)', () => {
  it('learns from them what the knowledge base never says', async () => {
    const plain = await createBot({ knowledge: KNOWLEDGE, sentenceEncoder: false });
    const taught = await createBot({ knowledge: KNOWLEDGE, sentenceEncoder: false, learnedPairs: async () => VOTES });
    const before = await plain.ask({ text: QUERY });
    const after = await taught.ask({ text: QUERY });
    expect(before.candidates[0]?.entryId).not.toBe('refund');
    expect(after.candidates[0]?.entryId).toBe('refund');
  });

  it('reads them again at each retraining, so new votes count without a restart', async () => {
    const votes: { text: string; entryId: string }[] = [];
    const bot = await createBot({ knowledge: KNOWLEDGE, sentenceEncoder: false, learnedPairs: async () => votes });
    expect((await bot.ask({ text: QUERY })).candidates[0]?.entryId).not.toBe('refund');
    votes.push(...VOTES);
    bot.retrain();
    await bot.trained();
    expect((await bot.ask({ text: QUERY })).candidates[0]?.entryId).toBe('refund');
  });

  it('never indexes them: suggestions and entries show only the knowledge base', async () => {
    const bot = await createBot({ knowledge: KNOWLEDGE, sentenceEncoder: false, learnedPairs: async () => VOTES });
    expect(bot.info().questions).toBe(12);
    expect(bot.entries().flatMap((e) => e.questions)).not.toContain(VOTES[0]!.text);
    const outcome = await bot.ask({ text: '钱' });
    const shown = outcome.kind === 'suggest' ? outcome.suggestions.map((s) => s.question) : [];
    for (const vote of VOTES) expect(shown).not.toContain(vote.text);
  });

  it('skips pairs for unknown entries, blank text, duplicates of the knowledge base and a failing source', async () => {
    const odd = [{ text: '怎么退款', entryId: 'invoice' }, { text: '   ', entryId: 'refund' }, { text: '钱能拿回来吗', entryId: 'gone' }, null, { text: 42 }];
    const bot = await createBot({ knowledge: KNOWLEDGE, sentenceEncoder: false, learnedPairs: async () => odd as never });
    expect((await bot.ask({ text: '怎么退款' })).candidates[0]?.entryId).toBe('refund');
    const failing = await createBot({ knowledge: KNOWLEDGE, sentenceEncoder: false, learnedPairs: () => Promise.reject(new Error('store down')) });
    expect((await failing.ask({ text: '怎么退款' })).candidates[0]?.entryId).toBe('refund');
  });
});
