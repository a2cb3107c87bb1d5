import { describe, expect, it } from 'vitest';
import { createBot } from '../create-bot.ts';
import type { Outcome } from '../types.ts';

const DEMO = new URL('../../../../examples/demo/kb.jsonl', import.meta.url).pathname;
const decided = (outcome: Outcome) => outcome.trace.find((t) => t.stage === 'decide')?.detail;

describe('the decide stage', () => {
  it('traces the bars the question was judged by, beside its confidence and gap, whatever it decided', async () => {
    const bot = await createBot({ knowledge: DEMO });
    const bars = { answer: 0.3, sharedWord: 0.2, suggest: 0.15, margin: 0.02 };
    const englishBars = { answer: 0.35, sharedWord: 0.3, suggest: 0.25, margin: 0.01 };
    bot.setThresholds({ ...bars, english: englishBars });
    const refund = await bot.ask({ text: '课程可以退款吗' });
    expect(decided(refund)).toMatchObject({ kind: 'answer', confidence: expect.any(Number), gap: expect.any(Number), bars });
    expect(decided(await bot.ask({ text: '今天股票涨了吗' }))).toMatchObject({ kind: 'no-answer', reason: 'low-confidence', gap: expect.any(Number), bars });
    expect(decided(await bot.ask({ text: '' }))).toMatchObject({ reason: 'empty-input', bars });
    // A bilingual knowledge base's English questions are judged by their own bars.
    expect(decided(await bot.ask({ text: 'do I need a webcam' }))).toMatchObject({ bars: englishBars });
    bot.close();
  });

  it('says empty-input, never "did you mean", for text with nothing but symbols or emoji once normalised', async () => {
    const bot = await createBot({ knowledge: DEMO });
    for (const text of ['.*+?^${}()|[]\\', '+ # +', '😀😀🙏🏻👍', '👨‍👩‍👧‍👦', '']) {
      const outcome = await bot.ask({ text });
      expect({ text, kind: outcome.kind, reason: outcome.kind === 'no-answer' ? outcome.reason : undefined }).toEqual({ text, kind: 'no-answer', reason: 'empty-input' });
    }
    // Any script's letters or digits are something to match (and maybe hand off): not empty.
    for (const text of ['c++', '42', 'привет']) expect(decided(await bot.ask({ text }))).not.toMatchObject({ reason: 'empty-input' });
    bot.close();
  });
});
