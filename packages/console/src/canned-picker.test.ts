import { describe, expect, it } from 'vitest';
import { cannedQuery, matchCanned, PICKER_SIZE } from './canned-picker.ts';

const replies = [
  { id: '1', title: '问候', text: '您好，很高兴为您服务。' },
  { id: '2', title: '退款进度', text: '退款已提交，3–5 个工作日原路退回。' },
  { id: '3', title: '发票', text: '电子发票 3 个工作日内发到邮箱；退款后发票作废。' },
  { id: '4', title: 'Refund policy', text: 'Full refund within 7 days.' },
];

describe('the canned-reply picker', () => {
  it('reads "/" at the start of a one-line reply box as a search', () => {
    expect(cannedQuery('/退款')).toBe('退款');
    expect(cannedQuery('/')).toBe('');
    expect(cannedQuery('/ Refund ')).toBe('refund');
    expect(cannedQuery('退款/发票')).toBeUndefined();
    expect(cannedQuery('/退款\n请稍等')).toBeUndefined();
  });

  it('offers titles starting with the query first, then titles and texts containing it, case-blind', () => {
    expect(matchCanned(replies, '退款').map((r) => r.id)).toEqual(['2', '3']);
    expect(matchCanned(replies, 'refund').map((r) => r.id)).toEqual(['4']);
    expect(matchCanned(replies, 'policy').map((r) => r.id)).toEqual(['4']);
    expect(matchCanned(replies, '没有这个')).toEqual([]);
    const many = Array.from({ length: 10 }, (_, i) => ({ id: String(i), title: `t${i}`, text: '' }));
    expect(matchCanned(many, '')).toHaveLength(PICKER_SIZE);
  });
});
