import { describe, expect, it } from 'vitest';
import { createZhTypoCorrector } from './zh-typo-corrector.ts';

const vocabulary = ['支付宝', '快递', '预约', '账户', '退款', '发票', '试听课', '课程', '老师', '密码', '网课'];

describe('Chinese typo corrector (pinyin)', () => {
  const corrector = createZhTypoCorrector();
  corrector.learn(vocabulary);

  it.each([
    ['可以用支付保付款吗', '支付宝'],
    ['快第多久到', '快递'],
    ['怎么预月老师', '预约'],
    ['账护密码忘了', '账户'],
    ['课程可以退宽吗', '退款'],
    ['发飘怎么开', '发票'],
    ['有免费的是听课吗', '试听课'],
  ])('fixes %s', (input, word) => {
    const { text, corrections } = corrector.correct(input);
    expect(text).toContain(word);
    expect(corrections.length).toBeGreaterThan(0);
  });

  it.each([
    '我就是听不懂', '视听课程好不好', '付款方式有哪些', '课程可以退款吗',
    // Everyday words the segmentation dictionary lacks, and two characters that are two words, not a typo.
    '视频老是掉线', '账号显示异常登不进', '老师是美国人吗', '上完课能回看吗', '上了5节课能退吗',
  ])('leaves correct text alone: %s', (input) => {
    expect(corrector.correct(input)).toEqual({ text: input, corrections: [] });
  });
});
