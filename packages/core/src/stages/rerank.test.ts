import { describe, expect, it } from 'vitest';
import { createBot } from '../create-bot.ts';

describe('rerank', () => {
  it('scores the entry whose question matches best, however many questions of other entries share common words', async () => {
    const bot = await createBot({ knowledge: new URL('../../../../examples/demo/kb.jsonl', import.meta.url).pathname });
    // "几岁可以上课" is the best lexical hit; many entries ask "能…吗" and once outnumbered it in the fusion.
    const outcome = await bot.ask({ text: '十二岁还能学吗' });
    expect(outcome.candidates.map((c) => c.entryId)).toContain('age-range');
    bot.close();
  });
});
