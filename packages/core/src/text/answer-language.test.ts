import { describe, expect, it } from 'vitest';
import { answerInLanguageOf } from './answer-language.ts';

const BILINGUAL = '退款 3–5 个工作日到账。\n在“我的订单”中查看。\nRefunds arrive in 3–5 working days.\nSee My Orders.';

describe('the answer in the language of the question', () => {
  it('gives the Chinese lines of a Chinese-then-English answer to a Chinese question, the English lines to an English one', () => {
    expect(answerInLanguageOf(BILINGUAL, '退款多久到账')).toBe('退款 3–5 个工作日到账。\n在“我的订单”中查看。');
    expect(answerInLanguageOf(BILINGUAL, 'how long does a refund take')).toBe('Refunds arrive in 3–5 working days.\nSee My Orders.');
  });

  it('keeps any other answer whole, and the whole answer for a question in neither language', () => {
    expect(answerInLanguageOf(BILINGUAL, '123 👍')).toBe(BILINGUAL);
    expect(answerInLanguageOf('只有中文。', 'refund?')).toBe('只有中文。');
    expect(answerInLanguageOf('English only.\nTwo lines.', '退款')).toBe('English only.\nTwo lines.');
    expect(answerInLanguageOf('点“Free Trial”预约。\nhttps://example.com/trial', 'trial?')).toBe('点“Free Trial”预约。\nhttps://example.com/trial');
    expect(answerInLanguageOf('第一步。\nStep one.\n第二步。', 'steps')).toBe('第一步。\nStep one.\n第二步。');
  });
});
