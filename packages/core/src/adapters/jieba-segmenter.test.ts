import { describe, expect, it } from 'vitest';
import { normalizeText } from '../text/normalize-text.ts';
import { createJiebaSegmenter } from './jieba-segmenter.ts';

describe('jieba segmenter', () => {
  const segmenter = createJiebaSegmenter();

  it('cuts a grammar character off a word jieba guessed', () => {
    expect(segmenter.segment(normalizeText('一堂课是多少分钟'))).toEqual(['1节', '课', '是', '多少', '分钟']);
    expect(segmenter.segment('scratch课有吗')).toEqual(['scratch', '课', '有', '吗']);
  });

  it('keeps dictionary words and the knowledge base’s own words whole', () => {
    expect(segmenter.segment('可以退款吗')).toEqual(['可以', '退款', '吗']);
    segmenter.addWords(['课有']);
    expect(segmenter.segment('scratch课有吗')).toEqual(['scratch', '课有', '吗']);
  });
});
