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

  it('asks about a Chinese first question on a wider margin when the best entry names its topic and the question does not', async () => {
    const bot = await createBot({ knowledge: new URL('../../../../examples/education-zh/kb.jsonl', import.meta.url).pathname });
    // The one-on-one length matched on its wording (0.61) well ahead of the small-class one (0.29).
    const unclear = await bot.ask({ text: '一节课多长时间' });
    expect(unclear.kind === 'suggest' && unclear.suggestions.map((s) => s.entryId).sort()).toEqual(['duration-one-on-one', 'duration-small-class']);
    expect(unclear.trace.find((t) => t.stage === 'decide')?.detail).toMatchObject({ reason: 'topic-unclear' });
    // Named by a marker (一对一) or by a word only one-on-one entries use (课时费): answered.
    for (const [text, entryId] of [['一对一一节课多久', 'duration-one-on-one'], ['课时费多少', 'price-one-on-one']] as const) {
      const outcome = await bot.ask({ text });
      expect([text, outcome.kind === 'answer' && outcome.entryId]).toEqual([text, entryId]);
    }
    bot.close();
  });
});
