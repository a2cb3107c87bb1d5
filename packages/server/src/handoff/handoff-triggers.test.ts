import { describe, expect, it } from 'vitest';
import { asksForHuman, questionBesidesHandoff } from './handoff-triggers.ts';

describe('hand-off phrases', () => {
  it('recognises a request for a person in Chinese and English, not a question that mentions an agent in passing', () => {
    for (const text of ['转人工', '  人工客服！', '我要找人工', 'talk to a human please', 'Agent']) expect(asksForHuman(text)).toBe(true);
    for (const text of ['', '课程可以退款吗', 'how do I become a travel agent for your company and earn commission on bookings']) expect(asksForHuman(text)).toBe(false);
  });

  it('keeps what a message asks besides a person, and nothing when it only asks for one', () => {
    expect(questionBesidesHandoff('转人工 我的订单有问题')).toBe('转人工 我的订单有问题');
    expect(questionBesidesHandoff('I want a refund, real person please')).toBe('I want a refund, real person please');
    for (const text of ['转人工', '人工客服！！', ' 转人工，人工 ', 'human?', 'talk to a human']) expect(questionBesidesHandoff(text)).toBe('');
  });
});
