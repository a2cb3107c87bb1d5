import { describe, expect, it } from 'vitest';
import { loadTensorflow } from './cnn/tensor-runtime.ts';
import { createBot } from './create-bot.ts';
import type { KnowledgeEntry } from './types.ts';

// English, so the bot loads the sentence encoder and fine-tunes its top layer: both live in TensorFlow.js memory.
const KNOWLEDGE: KnowledgeEntry[] = [
  { id: 'refund', questions: ['can I get my money back', 'how do refunds work', 'I want a refund for my lessons'], answer: 'Refunds within 7 days.' },
  { id: 'trial', questions: ['is there a free trial lesson', 'can I try a class first', 'how do I book a trial'], answer: 'Book a free trial on the site.' },
  { id: 'price', questions: ['how much does a lesson cost', 'what are your prices', 'is it expensive'], answer: 'From 99 yuan a lesson.' },
];
const QUESTION = 'I would like my money returned';

/**
 * TensorFlow.js memory is never garbage-collected: what a bot leaves behind there stays until the process ends.
 * A server retrains its bot after edits and votes, and builds a new one for each synonym table.
 */
describe('the TensorFlow.js memory a bot holds', () => {
  const settled = () => new Promise((resolve) => setImmediate(resolve));

  it('stays the same through retraining and through a bot replaced by another', async () => {
    const tf = await loadTensorflow();
    const first = await createBot({ knowledge: KNOWLEDGE });
    expect(first.info().reranker).toMatch(/^fine-tuned-encoder/);
    const held = tf.memory().numBytes;

    for (let round = 0; round < 2; round++) {
      first.retrain();
      await first.trained();
    }
    expect(tf.memory().numBytes).toBe(held);

    // The replacement shares the encoder's weights; the closed bot frees its fine-tuned layer.
    const second = await createBot({ knowledge: KNOWLEDGE });
    first.close();
    await first.trained();
    await settled();
    expect(tf.memory().numBytes).toBe(held);
    expect((await second.ask({ text: QUESTION })).candidates[0]?.entryId).toBe('refund');
    second.close();
  });

  it('finishes an answer in flight when closed with the weights it started with, and still answers after', async () => {
    const bot = await createBot({ knowledge: KNOWLEDGE });
    const before = await bot.ask({ text: QUESTION });
    const inFlight = bot.ask({ text: QUESTION });
    bot.close();
    expect((await inFlight).candidates).toEqual(before.candidates);
    await settled();
    const after = await bot.ask({ text: QUESTION });
    expect(after.candidates[0]?.entryId).toBe('refund');
  });
});
