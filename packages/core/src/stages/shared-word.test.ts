import { describe, expect, it } from 'vitest';
import { createBot } from '../create-bot.ts';
import { DEFAULT_THRESHOLDS } from '../thresholds.ts';

const examples = new URL('../../../../examples/', import.meta.url).pathname;

describe('a question sharing a word with its best entry', () => {
  it('is answered below the answer bar, down to the shared-word bar', async () => {
    const bot = await createBot({ knowledge: `${examples}demo/kb.jsonl` });
    const outcome = await bot.ask({ text: '登录不进去怎么回事' });
    // 登录 is in the account entry's "账户登录不上"; the rest of the wording is not.
    expect(outcome.kind === 'answer' && outcome.entryId).toBe('account-password');
    expect(outcome.confidence).toBeLessThan(DEFAULT_THRESHOLDS.lexical.answer);
    expect(outcome.trace.find((t) => t.stage === 'decide')?.detail).toMatchObject({ sharesWord: true });
    // An answer bar set on its own brings the shared-word bar along.
    bot.setThresholds({ answer: DEFAULT_THRESHOLDS.lexical.answer });
    expect(bot.thresholds().sharedWord).toBe(DEFAULT_THRESHOLDS.lexical.answer);
    expect((await bot.ask({ text: '登录不进去怎么回事' })).kind).not.toBe('answer');
    bot.close();
  });

  it('is not what a question matching on characters and phrasing alone gets: no answer below the answer bar', async () => {
    const bot = await createBot({ knowledge: `${examples}education-zh/kb.jsonl` });
    // 钱 and 多少 match the price entries, iPhone nothing: the same band of scores, no word in common.
    const outcome = await bot.ask({ text: 'iPhone 16 多少钱' });
    expect(outcome.confidence).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.lexical.sharedWord!);
    expect(outcome.kind).not.toBe('answer');
    expect(outcome.trace.find((t) => t.stage === 'decide')?.detail).toMatchObject({ sharesWord: false });
    // 有什么 is made of function characters: "附近有什么好吃的" shares no word with "现在有什么优惠".
    const food = await bot.ask({ text: '附近有什么好吃的' });
    expect(food.trace.find((t) => t.stage === 'decide')?.detail).toMatchObject({ sharesWord: false });
    bot.close();
  });
});
