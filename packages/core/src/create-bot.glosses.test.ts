import { beforeAll, describe, expect, it } from 'vitest';
import { createBot, type Bot } from './create-bot.ts';

const KB = new URL('../../../examples/education-zh/kb.jsonl', import.meta.url).pathname;

describe('a Chinese knowledge base ranked with its glosses’ sentence vectors', () => {
  let withGlosses: Bot;
  let without: Bot;
  beforeAll(async () => {
    [withGlosses, without] = await Promise.all([createBot({ knowledge: KB }), createBot({ knowledge: KB, glossVectors: false })]);
  }, 120_000);

  it('uses them by default, with its own answer bars', () => {
    expect(withGlosses.info().reranker).toContain('gloss(use-lite-en)');
    expect(without.info().reranker).not.toContain('gloss');
    expect(withGlosses.thresholds().answer).toBeGreaterThan(without.thresholds().answer);
  });

  it('answers a question that shares no content word with its entry ("书" for 教材: both "book"-like in English)', async () => {
    const outcome = await withGlosses.ask({ text: '书什么时候寄过来' });
    expect(outcome).toMatchObject({ kind: 'answer', entryId: 'textbook' });
    expect((await without.ask({ text: '书什么时候寄过来' })).kind).not.toBe('answer');
  });

  it('still answers nothing out of scope', async () => {
    for (const text of ['怎么做红烧肉', '明天北京天气怎么样', '推荐一部好看的电影']) expect((await withGlosses.ask({ text })).kind).not.toBe('answer');
  });

  it('with trainInBackground, answers at once and blends the glosses in once they are encoded', async () => {
    const bot = await createBot({ knowledge: KB, trainInBackground: true });
    expect(bot.info().training).toBe(true);
    expect(['answer', 'suggest', 'no-answer']).toContain((await bot.ask({ text: '课程可以退宽吗' })).kind);
    await bot.trained();
    expect(bot.info().training).toBe(false);
    expect(await bot.ask({ text: '书什么时候寄过来' })).toMatchObject({ kind: 'answer', entryId: 'textbook' });
    bot.close();
  }, 60_000);
});
