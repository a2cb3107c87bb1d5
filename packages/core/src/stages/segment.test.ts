import { describe, expect, it } from 'vitest';
import { createBot } from '../create-bot.ts';
import { askedQuantity, longerTermFor, splitUnknownWord } from './segment.ts';

const indexed = (...terms: string[]) => (term: string) => terms.includes(term);

describe('splitting a Chinese word the knowledge base does not hold', () => {
  it('cuts it where a side of two characters or more is a known word, covering as much as it can', () => {
    expect(splitUnknownWord('英语水平', indexed('英语', '水平'))).toEqual(['英语', '水平']);
    expect(splitUnknownWord('好几天', indexed('几天'))).toEqual(['好', '几天']);
    expect(splitUnknownWord('手机号码', indexed('手机', '手机号'))).toEqual(['手机号', '码']);
  });

  it('splits a verb off its result complement when the questions hold the verb alone', () => {
    expect(splitUnknownWord('交到', indexed('交', '作业'))).toEqual(['交', '到']);
    expect(splitUnknownWord('寄回', indexed('寄'))).toEqual(['寄', '回']);
    expect(splitUnknownWord('交到', indexed('作业'))).toEqual(['交到']);
    expect(splitUnknownWord('交费', indexed('交'))).toEqual(['交费']);
    expect(splitUnknownWord('不过', indexed('不'), { isFunctionWord: (word) => word === '不' })).toEqual(['不过']);
  });

  it('leaves known words, quantities, Latin words and words with no known side of two characters', () => {
    expect(splitUnknownWord('英语水平', indexed('英语水平', '英语'))).toEqual(['英语水平']);
    expect(splitUnknownWord('13岁', indexed('3岁'))).toEqual(['13岁']);
    expect(splitUnknownWord('python', indexed('py'))).toEqual(['python']);
    expect(splitUnknownWord('几级', indexed('几', '级'))).toEqual(['几级']);
    expect(splitUnknownWord('手续费', indexed('续费'), { isCommonWord: (word) => word === '手续费' })).toEqual(['手续费']);
    expect(splitUnknownWord('雅思', indexed())).toEqual(['雅思']);
  });

  it('lets a query match the questions through the parts, and shows the cut in the trace', async () => {
    const bot = await createBot({ knowledge: [
      { id: 'level-test', questions: ['怎么测试英语 水平'], answer: '做线上测评。' },
      { id: 'refund', questions: ['课程可以退款吗'], answer: '7 天内可退。' },
    ] });
    const outcome = await bot.ask({ text: '英语水平怎么测试' });
    expect(outcome.trace.find((t) => t.stage === 'segment')?.detail).toMatchObject({ split: { 英语水平: ['英语', '水平'] } });
    expect(outcome.candidates[0]?.entryId).toBe('level-test');
  });
});

describe('a stated quantity against the question word for it', () => {
  it('reads a quantity no question holds as 几… or 多少… when a question asks that way', () => {
    expect(askedQuantity('3岁', indexed('几岁'))).toBe('几岁');
    expect(askedQuantity('20分钟', indexed('多少分钟'))).toBe('多少分钟');
    expect(askedQuantity('3岁', indexed('3岁', '几岁'))).toBe('3岁'); // a question with the number itself matches as written
    expect(askedQuantity('3岁', indexed())).toBe('3岁');
    expect(askedQuantity('第2个', indexed('几个'))).toBe('第2个');
    expect(askedQuantity('孩子', indexed('几孩子'))).toBe('孩子');
  });

  it('answers "孩子三岁能学吗" from a question that asks 几岁', async () => {
    const bot = await createBot({ knowledge: [
      { id: 'age-range', questions: ['几岁可以上课', '多大的孩子可以学'], answer: '4–15 岁。' },
      { id: 'refund', questions: ['课程可以退款吗'], answer: '7 天内可退。' },
      { id: 'delivery', questions: ['教材几天能到'], answer: '2–3 天。' },
    ] });
    const outcome = await bot.ask({ text: '孩子三岁能学吗' });
    expect(outcome.trace.find((t) => t.stage === 'segment')?.detail).toMatchObject({ split: { '3岁': ['几岁'] } });
    expect(outcome.candidates[0]?.entryId).toBe('age-range');
    bot.close();
  });
});

describe('a shortened Chinese word against the longer one the questions hold', () => {
  const terms = (...held: string[]) => ({ has: (term: string) => held.includes(term), longerTerms: (word: string) => held.filter((t) => t.length === word.length + 1 && t.startsWith(word)) });

  it('reads a word no question holds as the longer word starting with it', () => {
    expect(longerTermFor('试听', terms('试听课', '预约'))).toEqual(['试听课']);
    expect(longerTermFor('试听', terms('试听课', '试听会'))).toEqual(['试听课', '试听会']);
  });

  it('leaves a known word, a guess among many, a function word and Latin text alone', () => {
    expect(longerTermFor('试听', terms('试听', '试听课'))).toEqual(['试听']);
    expect(longerTermFor('试听', terms('试听课', '试听会', '试听票'))).toEqual(['试听']);
    expect(longerTermFor('没有', terms('没有人'), { isFunctionWord: (word) => word === '没有' })).toEqual(['没有']);
    expect(longerTermFor('app', terms('apps'))).toEqual(['app']);
  });

  it('answers "试听要收费吗" from the questions that say 试听课', async () => {
    const bot = await createBot({ knowledge: new URL('../../../../examples/demo/kb.jsonl', import.meta.url).pathname });
    const outcome = await bot.ask({ text: '试听要收费吗' });
    expect(outcome.trace.find((t) => t.stage === 'segment')?.detail).toMatchObject({ split: { 试听: ['试听课'] } });
    expect(outcome.candidates[0]?.entryId).toBe('trial-lesson');
    bot.close();
  });
});
