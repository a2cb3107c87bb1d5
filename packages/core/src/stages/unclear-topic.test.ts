import { describe, expect, it } from 'vitest';
import { createBot } from '../create-bot.ts';

describe('a question that asks an attribute without its topic', () => {
  it('asks which topic, offering only the entries with that attribute, and answers once the topic is named', async () => {
    const bot = await createBot({ knowledge: new URL('../../../../examples/demo/kb.jsonl', import.meta.url).pathname });
    for (const text of ['how much', '价格', 'price']) {
      const outcome = await bot.ask({ text });
      expect([text, outcome.kind === 'suggest' && outcome.suggestions.map((s) => s.entryId).sort()]).toEqual([text, ['price-one-on-one', 'price-small-class']]);
      expect(outcome.trace.find((t) => t.stage === 'decide')?.detail).toMatchObject({ reason: 'topic-unclear' });
    }
    for (const [text, entryId] of [['how much is a small class', 'price-small-class'], ['一对一多少钱', 'price-one-on-one'], ['价格 一对一', 'price-one-on-one']] as const) {
      const outcome = await bot.ask({ text });
      expect([text, outcome.kind === 'answer' && outcome.entryId]).toEqual([text, entryId]);
    }
    bot.close();
  });
});
