import { describe, expect, it } from 'vitest';
import { createBot } from './create-bot.ts';
import type { KnowledgeEntry } from './types.ts';

const tokensOf = async (bot: Awaited<ReturnType<typeof createBot>>, text: string) =>
  (await bot.ask({ text })).trace.find((t) => t.stage === 'segment')?.detail as { tokens: string[] };

const shop: KnowledgeEntry[] = [
  { id: 'price', questions: ['大班课多少钱一节'], answer: '每节 99 元。' },
  { id: 'refund', questions: ['课程可以退款吗'], answer: '7 天内可退。' },
];

describe('a bot’s own words', () => {
  it('are its own: another bot in the process cuts as it would alone, and a rebuilt bot forgets removed entries', async () => {
    const question = '班课报名费多少钱';
    const alone = await createBot({ knowledge: shop });
    const before = await tokensOf(alone, question);
    const other = await createBot({ knowledge: [...shop, { id: 'sign-up', questions: ['怎么报名'], answer: '在 App 里报名。', topic: '班课报名费' }] });
    expect((await tokensOf(other, question)).tokens).toContain('班课报名费');
    const again = await createBot({ knowledge: shop });
    expect(await tokensOf(again, question)).toEqual(before);
    expect(before.tokens).not.toContain('班课报名费');
    await Promise.all([alone.close(), other.close(), again.close()]);
  });
});
