import { describe, expect, it } from 'vitest';
import { createBot } from '../create-bot.ts';

describe('a question asking for a kind of figure', () => {
  it('is answered by an entry whose answer states one, not by one that matches its other words better', async () => {
    const bot = await createBot({ knowledge: new URL('../../../../examples/demo/kb.jsonl', import.meta.url).pathname });
    const outcome = await bot.ask({ text: '小班一节课多少钱啊' });
    // "一节课" is the lesson length's wording; "多少钱" asks a price, which only the price entries state.
    expect(outcome.kind === 'answer' && outcome.entryId).toBe('price-small-class');
    expect(outcome.trace.find((t) => t.stage === 'asked-figure')?.detail).toMatchObject({ measure: 'price', heldBack: expect.arrayContaining(['lesson-length']) });
    // A child's age given to ask whether it fits: the age range states ages, the placement test ("零基础可以学吗") none.
    const age = await bot.ask({ text: '三岁可以学吗' });
    expect(age.kind === 'answer' && age.entryId).toBe('age-range');
    // Below the suggest bar, the age range still holds back the placement test that scored above it.
    const four = await bot.ask({ text: '孩子四岁能学吗' });
    expect(four.candidates[0]?.entryId).toBe('age-range');
    expect(four.kind === 'answer' && four.entryId).not.toBe('placement-test');
    bot.close();
  });

  it('holds nothing back where no entry states such a figure', async () => {
    const knowledge = [
      { id: 'prices', questions: ['how much does it cost', 'what are your prices'], answer: 'See the price list on our website.' },
      { id: 'opening', questions: ['when are you open', 'what are your opening hours'], answer: 'Every day from 9:00 to 18:00.' },
    ];
    const bot = await createBot({ knowledge });
    const outcome = await bot.ask({ text: 'how much does it cost' });
    expect(outcome.kind === 'answer' && outcome.entryId).toBe('prices');
    expect(outcome.trace.find((t) => t.stage === 'asked-figure')?.detail).toMatchObject({ measure: 'price', heldBack: [] });
    bot.close();
  });
});
