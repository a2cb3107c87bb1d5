import { describe, expect, it } from 'vitest';
import { cosine } from '../text/similarity.ts';
import { createSentenceEncoderEmbedder } from './sentence-encoder-embedder.ts';

describe('sentence encoder embedder (USE lite from npm)', async () => {
  const embedder = await createSentenceEncoderEmbedder();

  it('puts a paraphrase with no shared content word closer than an unrelated question', async () => {
    const [question, paraphrase, unrelated] = await embedder.embed([{ text: 'how can I get my money back', tokens: [] }, { text: 'I want a refund', tokens: [] }, { text: 'what is the weather tomorrow', tokens: [] }]);
    expect(cosine(question!, paraphrase!)).toBeGreaterThan(cosine(question!, unrelated!) + 0.1);
  });

  it('returns unit vectors of its dimension, one per input, in batches', async () => {
    const small = await createSentenceEncoderEmbedder({ batchSize: 2 });
    const inputs = ['a', 'b c', '', '🙂', 'where is my order'].map((text) => ({ text, tokens: [] }));
    const [batched, whole] = [await small.embed(inputs), await embedder.embed(inputs)];
    expect(batched).toHaveLength(5);
    for (const [i, v] of batched.entries()) {
      expect(v.length).toBe(embedder.dimension);
      expect(cosine(v, v)).toBeCloseTo(1, 4);
      expect(cosine(v, whole[i]!)).toBeCloseTo(1, 4);
    }
  });

  it('fails with a clear error for a folder without a model', async () => {
    await expect(createSentenceEncoderEmbedder({ modelDir: '/nonexistent-model' })).rejects.toMatchObject({ code: 'CORE_MODEL_NOT_FOUND' });
  });
});
