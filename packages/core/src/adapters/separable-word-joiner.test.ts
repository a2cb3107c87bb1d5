import { describe, expect, it } from 'vitest';
import { createBot } from '../create-bot.ts';
import { createSeparableWordJoiner } from './separable-word-joiner.ts';

describe('separable word joiner (离合词)', () => {
  const joiner = createSeparableWordJoiner();
  joiner.learn(['请假', '报名', '上课', '开发票', '课能', '月份', '有人']);

  it.each([
    ['怎么请个假', '怎么请假', '请个假', '请假'],
    ['报了名还能退吗', '报名还能退吗', '报了名', '报名'],
    ['上过课还能退吗', '上课还能退吗', '上过课', '上课'],
    ['能开一个发票吗', '能开发票吗', '开一个发票', '开发票'],
  ])('rejoins %s', (input, joined, from, to) => {
    const { text, corrections } = joiner.correct(input);
    expect(text).toBe(joined);
    expect(corrections).toEqual([{ from, to }]);
  });

  it.each([
    '一个月能上几节课', // a number and its measure word, not a separable word (一月 is no knowledge-base word here)
    '这个课好不好', // a pointing word
    '买错课了能换吗', // 课能 is a cut jieba made in some question, not a word
    '请问洗个澡要多久', // 洗澡 is a word, but not the knowledge base's
    '群里有个人说能退', // 个人 is a word: 有 + 个 + 人 is no 有人
  ])('leaves %s alone', (input) => {
    expect(joiner.correct(input)).toEqual({ text: input, corrections: [] });
  });

  it('lets a question with a separable word find the entry that writes it whole', async () => {
    const bot = await createBot({
      knowledge: [
        { id: 'leave', questions: ['怎么请假', '孩子生病了可以请假吗'], answer: '提前 2 小时在 App 里请假。' },
        { id: 'refund', questions: ['怎么申请退款', '退款多久到账'], answer: '在“我的订单”中申请。' },
        { id: 'invoice', questions: ['怎么开发票', '发票多久寄到'], answer: '在订单页申请发票。' },
      ],
      glossVectors: false,
    });
    const outcome = await bot.ask({ text: '怎么请个假' });
    expect(outcome).toMatchObject({ kind: 'answer', entryId: 'leave' });
    expect(outcome.trace.find((t) => t.stage === 'correct-typos')?.detail).toMatchObject({ corrections: [{ from: '请个假', to: '请假' }] });
  });
});
