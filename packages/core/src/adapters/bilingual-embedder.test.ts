import { describe, expect, it } from 'vitest';
import type { Embedder } from '../ports/embedder.ts';
import { createBilingualEmbedder } from './bilingual-embedder.ts';

const fixed = (id: string, vector: number[]): Embedder => ({ id, dimension: vector.length, embed: async (inputs) => inputs.map(() => Float32Array.from(vector)) });

describe('bilingual embedder', () => {
  const embedder = createBilingualEmbedder({ base: fixed('base', [1, 0]), english: fixed('en', [0, 0, 1]), covers: (text) => /[a-z]/.test(text) });

  it('keeps the base vector for uncovered text and puts both halves, unit length together, for covered text', async () => {
    const [chinese, english] = await embedder.embed([{ text: '退款', tokens: [] }, { text: 'refund', tokens: [] }]);
    expect([...chinese!]).toEqual([1, 0, 0, 0, 0]);
    expect([...english!].map((x) => Number(x.toFixed(4)))).toEqual([0.7071, 0, 0, 0, 0.7071]);
    expect(embedder).toMatchObject({ id: 'bilingual(base+en)', dimension: 5 });
  });
});
