import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledEncoderDir } from './sentence-encoder-model.ts';
import { createSentencePieceTokenizer, type SentencePiece } from './sentence-piece-tokenizer.ts';

describe('SentencePiece tokenizer of the bundled sentence encoder', async () => {
  const vocabulary = JSON.parse(await readFile(join(bundledEncoderDir(), 'vocab.json'), 'utf8')) as SentencePiece[];
  const tokenize = createSentencePieceTokenizer(vocabulary);

  it('gives the ids of the reference tokenizer', () => {
    // Ids checked against the reference implementation (@tensorflow-models/universal-sentence-encoder).
    expect(tokenize('how do I reset my password?')).toEqual([140, 64, 16, 137, 1383, 69, 5969, 54]);
  });

  it('never throws on empty, emoji or out-of-vocabulary text', () => {
    expect(tokenize('')).toEqual([]);
    for (const text of ['🙂🙂', '退款怎么申请', '\u0000\u0001', 'x'.repeat(5000)]) expect(tokenize(text).length).toBeGreaterThan(0);
  });
});
