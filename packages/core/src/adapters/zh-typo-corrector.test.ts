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

  it('reads a grammar character as itself, not as half of a knowledge-base word that sounds alike', () => {
    const hours = createZhTypoCorrector();
    hours.learn(['课时', '课时费']);
    expect(hours.correct('1堂课是多少分钟')).toEqual({ text: '1堂课是多少分钟', corrections: [] });
    expect(hours.correct('这节课是几点')).toEqual({ text: '这节课是几点', corrections: [] });
    // Three characters are evidence enough.
    expect(hours.correct('课是费怎么算').text).toBe('课时费怎么算');
  });

  it('fixes a character written like the right one (形近字) in a knowledge-base word, when only one word fits', () => {
    const shapes = createZhTypoCorrector();
    shapes.learn(['优惠券', '候补名单', '账号']);
    expect(shapes.correct('优惠卷怎么用')).toEqual({ text: '优惠券怎么用', corrections: [{ from: '优惠卷', to: '优惠券' }] });
    expect(shapes.correct('怎么进侯补名单').text).toBe('怎么进候补名单');
    // Two words one look-alike character away: no telling which was meant.
    const both = createZhTypoCorrector();
    both.learn(['优惠券', '优惠圈']);
    expect(both.correct('优惠卷怎么用').corrections).toEqual([]);
  });
});
