import { describe, expect, it } from 'vitest';
import { createBot } from './create-bot.ts';
import { DEFAULT_THRESHOLDS } from './thresholds.ts';

const chinese = [
  { id: 'refund', questions: ['课程可以退款吗', '怎么申请退款'], answer: '7 天内可退' },
  { id: 'trial', questions: ['怎么预约试听课'], answer: '首页点免费试听' },
];
const english = [
  { id: 'refund', questions: ['can I get a refund', 'how do I ask for my money back'], answer: 'Within 7 days.' },
  { id: 'trial', questions: ['how do I book a trial lesson'], answer: 'Tap Free trial.' },
];

describe('default thresholds', () => {
  it('follow the ranker family: Chinese ones ranked with glosses at theirs, without glosses and bilingual at the lexical bars, English ones without the encoder at their own', async () => {
    expect((await createBot({ knowledge: chinese })).thresholds()).toEqual(DEFAULT_THRESHOLDS['lexical-glosses']);
    expect((await createBot({ knowledge: chinese, glossVectors: false })).thresholds()).toEqual(DEFAULT_THRESHOLDS.lexical);
    expect((await createBot({ knowledge: [...chinese, ...english.map((e) => ({ ...e, id: `${e.id}-en` }))], sentenceEncoder: false })).thresholds()).toEqual(DEFAULT_THRESHOLDS.lexical);
    expect((await createBot({ knowledge: english, sentenceEncoder: false })).thresholds()).toEqual(DEFAULT_THRESHOLDS['lexical-english']);
    expect(DEFAULT_THRESHOLDS.lexical.answer).not.toBe(DEFAULT_THRESHOLDS['lexical-english'].answer);
  });

  it('give way to the ones a bot is created with', async () => {
    // An answer bar alone brings the shared-word bar with it; both given, each is kept.
    expect((await createBot({ knowledge: chinese, glossVectors: false, thresholds: { answer: 0.5 } })).thresholds()).toEqual({ ...DEFAULT_THRESHOLDS.lexical, answer: 0.5, sharedWord: 0.5 });
    expect((await createBot({ knowledge: chinese, glossVectors: false, thresholds: { answer: 0.5, sharedWord: 0.3 } })).thresholds()).toEqual({ ...DEFAULT_THRESHOLDS.lexical, answer: 0.5, sharedWord: 0.3 });
  });

  it('must be shares from 0 to 1, at creation and when changed, and a refused change leaves the bars as they were', async () => {
    await expect(createBot({ knowledge: chinese, glossVectors: false, thresholds: { answer: 38 } })).rejects.toMatchObject({ code: 'CORE_BAD_ARGUMENT', message: 'the answer threshold must be a number from 0 to 1, not 38' });
    const bot = await createBot({ knowledge: chinese, glossVectors: false });
    expect(() => bot.setThresholds({ suggest: Number.NaN })).toThrow(expect.objectContaining({ code: 'CORE_BAD_ARGUMENT' }));
    expect(() => bot.setThresholds({ margin: -0.1 })).toThrow(/margin threshold/);
    expect(bot.thresholds()).toEqual(DEFAULT_THRESHOLDS.lexical);
    bot.setThresholds({ answer: 1, margin: 0 });
    expect(bot.thresholds()).toEqual({ ...DEFAULT_THRESHOLDS.lexical, answer: 1, sharedWord: 1, margin: 0 });
    expect(() => bot.setThresholds({ sharedWord: 2 })).toThrow(/sharedWord threshold/);
  });

  it('keep their order as the server does: suggest and shared-word bars not above the answer bar, given now or before', async () => {
    await expect(createBot({ knowledge: chinese, glossVectors: false, thresholds: { answer: 0.2, suggest: 0.3 } })).rejects.toMatchObject({ code: 'CORE_BAD_ARGUMENT', message: 'suggest must not be above answer: "did you mean" is offered below the answer bar' });
    const bot = await createBot({ knowledge: chinese, glossVectors: false });
    expect(() => bot.setThresholds({ answer: 0.3, sharedWord: 0.9, suggest: 0.95 })).toThrow(expect.objectContaining({ code: 'CORE_BAD_ARGUMENT', message: expect.stringMatching(/^suggest must not be above answer/) }));
    expect(() => bot.setThresholds({ answer: 0.3, sharedWord: 0.9 })).toThrow(expect.objectContaining({ code: 'CORE_BAD_ARGUMENT', message: 'sharedWord must not be above answer: it lowers the answer bar for questions sharing a word with the best entry' }));
    expect(bot.thresholds()).toEqual(DEFAULT_THRESHOLDS.lexical);
    bot.setThresholds({ answer: 0.5 });
    expect(() => bot.setThresholds({ sharedWord: 0.6 })).toThrow(/^sharedWord must not be above answer/);
    expect(() => bot.setThresholds({ english: { suggest: 0.6 } })).toThrow(/^english: suggest must not be above answer/);
    expect(bot.givenThresholds()).toEqual({ answer: 0.5, sharedWord: 0.5 });
    bot.setThresholds({ sharedWord: 0.4, suggest: 0.5 });
    expect(bot.thresholds()).toMatchObject({ answer: 0.5, sharedWord: 0.4, suggest: 0.5 });
  });
});
