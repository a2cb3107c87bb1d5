import { beforeAll, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../create-bot.ts';
import { clusterQuestions } from './cluster-questions.ts';

const ASKED = ['发票怎么开', '怎么开发票', '发票如何开具', '能开增值税发票吗', '退款多久到账', '退款几天能到账', '退款要多久才到', '你们有没有日语课', '有日语课程吗', '日语怎么学', 'how do I reset my password', 'reset password', 'forgot my password', 'what is your address', '可以分期付款吗', '能分期吗', '支持花呗分期吗'];

describe('clusterQuestions', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await createBot({ knowledge: [{ id: 'x', questions: ['营业时间'], answer: '9-18' }] });
  });

  it('groups paraphrases of unanswered questions in Chinese and English, most asked first', async () => {
    const items = await Promise.all(ASKED.map(async (text, i) => ({ text, count: i === 4 ? 9 : 1, ...(await bot.analyze(text)) })));
    const clusters = clusterQuestions(items);
    const groups = clusters.map((c) => c.members.map((m) => m.text).sort());
    expect(groups).toContainEqual(['发票如何开具', '发票怎么开', '怎么开发票', '能开增值税发票吗'].sort());
    expect(groups).toContainEqual(['退款几天能到账', '退款多久到账', '退款要多久才到'].sort());
    expect(groups).toContainEqual(['你们有没有日语课', '日语怎么学', '有日语课程吗'].sort());
    expect(groups).toContainEqual(['支持花呗分期吗', '能分期吗', '可以分期付款吗'].sort());
    expect(groups).toContainEqual(['what is your address']);
    expect(clusters[0]!.representative.text).toBe('退款多久到账');
    expect(clusters[0]!.count).toBe(11);
  });

  it('keeps unrelated questions apart', async () => {
    const items = await Promise.all(['发票怎么开', '退款多久到账', 'reset password', '有日语课程吗'].map(async (text) => ({ text, count: 1, ...(await bot.analyze(text)) })));
    expect(clusterQuestions(items)).toHaveLength(4);
  });
});
