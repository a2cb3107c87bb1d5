import { describe, expect, it } from 'vitest';
import { sentenceEncoderUse } from './sentence-encoder-use.ts';

const kb = (english: number, chinese: number) => [
  ...Array.from({ length: english }, (_, i) => ({ id: `en${i}`, questions: [`question ${i}`], answer: 'a' })),
  ...Array.from({ length: chinese }, (_, i) => ({ id: `zh${i}`, questions: [`问题${i}`], answer: 'a' })),
];

describe('how a knowledge base uses the sentence encoder', () => {
  it('indexes with it when English, ranks English queries with it when bilingual, else leaves it', () => {
    expect(sentenceEncoderUse('auto', kb(8, 2))).toBe('index');
    expect(sentenceEncoderUse('auto', kb(4, 6))).toBe('english-questions');
    expect(sentenceEncoderUse('auto', kb(1, 9))).toBe('chinese-glosses');
    expect(sentenceEncoderUse('auto', [])).toBe('none');
    expect(sentenceEncoderUse('auto', kb(20_001, 0))).toBe('none');
  });

  it('follows an explicit choice', () => {
    expect(sentenceEncoderUse(true, kb(0, 5))).toBe('index');
    expect(sentenceEncoderUse({ modelDir: '/m' }, kb(0, 5))).toBe('index');
    expect(sentenceEncoderUse(false, kb(5, 0))).toBe('none');
  });
});
