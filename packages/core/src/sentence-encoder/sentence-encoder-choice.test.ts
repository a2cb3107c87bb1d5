import { describe, expect, it } from 'vitest';
import { parseSentenceEncoderChoice } from './sentence-encoder-choice.ts';

describe('sentence encoder choice from a flag or the environment', () => {
  it.each([
    ['auto', 'auto'],
    ['on', true],
    ['off', false],
    [' false ', false],
    ['/models/use-lite', { modelDir: '/models/use-lite' }],
  ])('%s', (value, choice) => {
    expect(parseSentenceEncoderChoice(value)).toEqual(choice);
  });
});
