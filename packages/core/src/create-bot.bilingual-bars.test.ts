import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot, type Bot } from './create-bot.ts';
import { DEFAULT_THRESHOLDS } from './thresholds.ts';

const DEMO = new URL('../../../examples/demo/kb.jsonl', import.meta.url).pathname;

describe('a bilingual knowledge base’s bars for English questions', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await createBot({ knowledge: DEMO });
  });
  afterAll(() => bot.close());

  it('holds English questions to their own bars, so off-topic ones scoring like weak Chinese matches are not answered', async () => {
    expect(bot.info()).toMatchObject({ thresholds: DEFAULT_THRESHOLDS.lexical, englishThresholds: DEFAULT_THRESHOLDS['bilingual-english'] });
    // Both scored about 0.24, over the Chinese answer bar (0.21): trial lessons are "booked", complaints "unhappy".
    for (const text of ['book me a flight', 'I am hungry']) expect((await bot.ask({ text })).kind, text).not.toBe('answer');
    const webcam = await bot.ask({ text: 'do I need a webcam' });
    expect(webcam.kind === 'answer' && webcam.entryId).toBe('devices');
    const refund = await bot.ask({ text: '课程可以退款吗' });
    expect(refund.kind === 'answer' && refund.entryId).toBe('refund-policy');
  });

  it('applies bars the user sets to every question', async () => {
    const other = await createBot({ knowledge: DEMO, thresholds: { answer: 0.5 } });
    expect(other.info().englishThresholds).toMatchObject({ answer: 0.5, sharedWord: 0.5 });
    other.setThresholds({ suggest: 0.3 });
    expect(other.info()).toMatchObject({ thresholds: { answer: 0.5, suggest: 0.3 }, englishThresholds: { answer: 0.5, suggest: 0.3 } });
    expect((await other.ask({ text: 'do I need a webcam' })).kind).not.toBe('answer');
    other.close();
  });

  it('applies English bars the user sets to English questions only, and forgets them on reset', async () => {
    const other = await createBot({ knowledge: DEMO });
    other.setThresholds({ answer: 0.5, english: { answer: 0.95, sharedWord: 0.95 } });
    expect(other.info()).toMatchObject({ thresholds: { answer: 0.5 }, englishThresholds: { answer: 0.95, sharedWord: 0.95 } });
    expect(other.givenThresholds()).toEqual({ answer: 0.5, sharedWord: 0.5, english: { answer: 0.95, sharedWord: 0.95 } });
    expect((await other.ask({ text: 'do I need a webcam' })).kind).not.toBe('answer');
    expect(() => other.setThresholds({ english: { margin: 2 } })).toThrow(/margin threshold/);
    other.setThresholds({ answer: 0.21, sharedWord: 0.17 });
    expect((await other.ask({ text: '课程可以退款吗' })).kind).toBe('answer');
    other.resetThresholds();
    expect(other.info().englishThresholds).toEqual(DEFAULT_THRESHOLDS['bilingual-english']);
    const webcam = await other.ask({ text: 'do I need a webcam' });
    expect(webcam.kind === 'answer' && webcam.entryId).toBe('devices');
    other.close();
  });
});
