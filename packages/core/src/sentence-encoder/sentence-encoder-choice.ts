import type { SentenceEncoderEmbedderOptions } from '../adapters/sentence-encoder-embedder.ts';

export type SentenceEncoderChoice = 'auto' | boolean | SentenceEncoderEmbedderOptions;

/** A flag or environment value: `auto`, `on`, `off`, or a folder holding a sentence encoder (model.json, shards, vocab.json). */
export function parseSentenceEncoderChoice(value: string): SentenceEncoderChoice {
  const choice = value.trim();
  if (choice === 'auto' || choice === '') return 'auto';
  if (choice === 'on' || choice === 'true') return true;
  if (choice === 'off' || choice === 'false') return false;
  return { modelDir: choice };
}
