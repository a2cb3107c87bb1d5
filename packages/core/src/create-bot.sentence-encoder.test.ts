import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from './create-bot.ts';

const ENGLISH = [
  { id: 'refund', questions: ['can I get a refund', 'how do I return an item', 'refund policy'], answer: 'Refunds within 30 days.' },
  { id: 'shipping', questions: ['how long does shipping take', 'when will my parcel arrive', 'delivery time'], answer: '3-5 days.' },
  { id: 'password', questions: ['I forgot my password', 'reset password', 'cannot log in'], answer: 'Use "forgot password".' },
  { id: 'hours', questions: ['what are your opening hours', 'when are you open'], answer: '9-18, Monday to Friday.' },
];
const CHINESE = [
  { id: 'refund', questions: ['课程可以退款吗', '怎么申请退费'], answer: '7 天内可退。' },
  { id: 'invoice', questions: ['怎么开发票', '发票怎么申请'], answer: '在订单页申请。' },
];

describe('createBot with the pretrained sentence encoder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chatbot-use-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses it for an English knowledge base and not for a Chinese one, unless told', async () => {
    expect((await createBot({ knowledge: ENGLISH })).info()).toMatchObject({ embedder: 'use-lite-en', reranker: expect.stringMatching(/^fine-tuned-encoder/), clusterThreshold: 0.7 });
    expect((await createBot({ knowledge: ENGLISH, fineTuneEncoder: false })).info().reranker).toMatch(/^sentence-vectors/);
    expect((await createBot({ knowledge: CHINESE })).info()).toMatchObject({ embedder: expect.not.stringMatching(/^use-lite/), clusterThreshold: 0.5 });
    expect((await createBot({ knowledge: ENGLISH, sentenceEncoder: false })).info().embedder).not.toMatch(/^use-lite/);
    expect((await createBot({ knowledge: CHINESE, sentenceEncoder: true })).info().embedder).toBe('use-lite-en');
  });

  it('answers paraphrases that share no word with the knowledge base, with the encoder fine-tuned on it or not', async () => {
    for (const bot of [await createBot({ knowledge: ENGLISH }), await createBot({ knowledge: ENGLISH, fineTuneEncoder: false })]) {
      for (const [text, id] of [
        ['I want my money back', 'refund'],
        ['my package still has not come', 'shipping'],
        ['I am locked out of my account', 'password'],
      ] as const) {
        expect((await bot.ask({ text })).candidates[0]?.entryId, text).toBe(id);
      }
    }
  });

  it('recalls and ranks English queries of a bilingual knowledge base with it, and Chinese ones as without it', async () => {
    const bilingual = [...ENGLISH, ...CHINESE.map((e) => ({ ...e, id: `zh-${e.id}` }))];
    const [bot, without] = [await createBot({ knowledge: bilingual }), await createBot({ knowledge: bilingual, sentenceEncoder: false })];
    expect(bot.info()).toMatchObject({ embedder: 'bilingual(hashing-tfidf-256+use-lite-en)', reranker: expect.stringMatching(/^sentence-vectors\[use-lite-en\]/) });
    // No shared word: only the encoder's half of the vectors recalls it.
    expect((await bot.ask({ text: 'I want my money back' })).candidates[0]?.entryId).toBe('refund');
    // Recalled by both (the shared word "item"), but only the sentence vectors rank it first.
    const text = 'my item arrived broken, I want to send it back';
    expect((await without.ask({ text })).candidates[0]?.entryId).not.toBe('refund');
    expect((await bot.ask({ text })).candidates[0]?.entryId).toBe('refund');
    for (const text of ['课程可以退宽吗', '发票怎么开']) {
      const [a, b] = [await bot.ask({ text }), await without.ask({ text })];
      // Chinese entries score exactly as without it; English ones only lose a little of their cross-language cosine.
      const chinese = (o: typeof a) => o.candidates.filter((c) => c.entryId.startsWith('zh-')).map((c) => [c.entryId, c.score]);
      expect(chinese(a)).toEqual(chinese(b));
      expect(a.candidates[0]?.entryId).toBe(b.candidates[0]?.entryId);
    }
  });

  it('keeps the sentence encoder for recall when a text CNN is loaded, which then reranks', async () => {
    const trained = await createBot({ knowledge: ENGLISH, trainCnn: { epochs: 3, seed: 1 } });
    await trained.saveModel(join(dir, 'cnn'));
    expect((await createBot({ knowledge: ENGLISH, model: join(dir, 'cnn') })).info()).toMatchObject({ embedder: 'use-lite-en', reranker: expect.stringMatching(/^cnn\(fine-tuned-encoder/) });
    expect((await createBot({ knowledge: ENGLISH, model: join(dir, 'cnn'), sentenceEncoder: false })).info().embedder).toMatch(/^text-cnn:/);
  });

  it('with trainInBackground, answers at once with the pretrained encoder and switches to the fine-tuned one, then writes the snapshot', async () => {
    const scores = async (bot: Awaited<ReturnType<typeof createBot>>) => (await bot.ask({ text: 'my package still has not come' })).candidates.map((c) => [c.entryId, c.score]);
    const [pretrained, tuned] = [await createBot({ knowledge: ENGLISH, fineTuneEncoder: false }), await createBot({ knowledge: ENGLISH })];
    const snapshotDir = join(dir, 'background');
    const bot = await createBot({ knowledge: ENGLISH, trainInBackground: true, indexDir: snapshotDir });
    expect(bot.info().training).toBe(true);
    expect(await scores(bot)).toEqual(await scores(pretrained));
    await bot.trained();
    expect(bot.info().training).toBe(false);
    expect(await scores(bot)).toEqual(await scores(tuned));
    const reloaded = await createBot({ knowledge: ENGLISH, indexDir: snapshotDir });
    expect(reloaded.info()).toMatchObject({ source: 'snapshot', training: false });
    expect(await scores(reloaded)).toEqual(await scores(tuned));
    // Without its glosses (whose encoding is deferred: create-bot.glosses.test.ts) a Chinese knowledge base has nothing slow to defer.
    expect((await createBot({ knowledge: CHINESE, trainInBackground: true, glossVectors: false })).info().training).toBe(false);
  });

  it('once closed (another bot replaces it), trains no more and keeps answering with what it has', async () => {
    const scores = async (bot: Awaited<ReturnType<typeof createBot>>) => (await bot.ask({ text: 'my package still has not come' })).candidates.map((c) => [c.entryId, c.score]);
    const pretrained = await createBot({ knowledge: ENGLISH, fineTuneEncoder: false });
    const bot = await createBot({ knowledge: ENGLISH, trainInBackground: true });
    bot.close();
    await bot.trained();
    expect(bot.info().training).toBe(false);
    expect(await scores(bot)).toEqual(await scores(pretrained));
  });

  it('reloads from a snapshot with the same scores', async () => {
    const built = await createBot({ knowledge: ENGLISH, indexDir: dir });
    const reloaded = await createBot({ knowledge: ENGLISH, indexDir: dir });
    expect(reloaded.info().source).toBe('snapshot');
    for (const text of ['I want my money back', 'are you open on sunday', 'asdf']) {
      const [a, b] = [await built.ask({ text }), await reloaded.ask({ text })];
      expect(b.candidates.map((c) => [c.entryId, c.score])).toEqual(a.candidates.map((c) => [c.entryId, c.score]));
    }
  });
});
