import { describe, expect, it } from 'vitest';
import { MAX_QUERY_CHARS, normalizeText } from './normalize-text.ts';

describe('normalizeText', () => {
  it('folds full-width characters and case', () => {
    expect(normalizeText('ＡＢＣ１２３ Hello')).toBe('abc123 hello');
  });
  it('converts traditional Chinese to simplified', () => {
    expect(normalizeText('課程可以退款嗎')).toBe('课程可以退款吗');
  });
  it('writes spoken Chinese the way knowledge bases do, traditional forms included, and leaves words that only contain slang alone', () => {
    expect(normalizeText('试听课都上啥')).toBe('试听课都上什么');
    expect(normalizeText('退款咋还没到,咋办')).toBe('退款怎么还没到 怎么办');
    expect(normalizeText('实木有甲醛吗 酱紫色')).toBe('实木有甲醛吗 酱紫色');
    expect(normalizeText('俺家孩子啥子时候上课')).toBe('我家孩子什么时候上课');
    expect(normalizeText('課程內容是啥')).toBe('课程内容是什么');
  });
  it('writes variant spellings of account words in their standard form', () => {
    expect(normalizeText('帐号登陆不了')).toBe('账号登录不了');
    expect(normalizeText('帳戶')).toBe('账户');
  });
  it('turns punctuation into spaces and strips emoji and control characters', () => {
    expect(normalizeText('退款？？😀\u0000\u200b怎么办！')).toBe('退款 怎么办');
  });
  it('writes codes the same with or without a hyphen, and keeps other hyphenated words apart', () => {
    expect(normalizeText('Where is my W-2?')).toBe(normalizeText('where is my w2'));
    expect(normalizeText('COVID-19 测试')).toBe('covid19 测试');
    expect(normalizeText('check-in, 2-day delivery')).toBe('check in 2 day delivery');
    expect(normalizeText('课程-1')).toBe('课程 1');
  });
  it('writes English compounds open, hyphenated or closed the same way', () => {
    expect([normalizeText("I can't log in"), normalizeText('Log-in fails'), normalizeText('logged into the app'), normalizeText('E-mail and Wi-Fi')]).toEqual(['i can t login', 'login fails', 'login the app', 'email and wifi']);
  });
  it('caps very long input', () => {
    expect(normalizeText('啊'.repeat(100_000)).length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
  });
  it('drops HTML tags, keeping the text between them, and leaves comparisons alone', () => {
    expect(normalizeText('<script>alert(1)</script><img src=x onerror=alert(1)>')).toBe('alert 1');
    expect(normalizeText('<p class="q">怎么<b>退款</b>？</p><!-- <a href=x>x</a> --><br/>')).toBe('怎么 退款');
    expect(normalizeText('＜ｂ＞refund＜／ｂ＞ policy')).toBe('refund policy');
    expect(normalizeText('is 3 < 5 > 2? x<3')).toBe('is 3 5 2 x 3');
  });
  it('returns an empty string for emoji-only or blank input', () => {
    expect(normalizeText('😀🎉  ')).toBe('');
    expect(normalizeText('')).toBe('');
  });
});
