import { describe, expect, it } from 'vitest';
import type { Embedder } from '../ports/embedder.ts';
import { rememberRecentTexts } from './recent-texts-embedder.ts';

describe('an embedder that remembers recent queries', () => {
  it('encodes a single text again only after it has been pushed out, and always encodes batches', async () => {
    const calls: string[] = [];
    const counting: Embedder = { id: 'c', dimension: 1, embed: async (inputs) => inputs.map((input) => (calls.push(input.text), Float32Array.of(input.text.length))) };
    const embedder = rememberRecentTexts(counting, 2);
    const one = async (text: string) => (await embedder.embed([{ text, tokens: [] }]))[0]![0];
    expect([await one('a'), await one('bb'), await one('a')]).toEqual([1, 2, 1]);
    expect(calls).toEqual(['a', 'bb']);
    await one('ccc'); // pushes 'a' out
    await one('a');
    expect(calls).toEqual(['a', 'bb', 'ccc', 'a']);
    await embedder.embed(['bb', 'ccc'].map((text) => ({ text, tokens: [] })));
    expect(calls.slice(-2)).toEqual(['bb', 'ccc']);
    expect(embedder.id).toBe('c');
  });
});
