import { describe, expect, it } from 'vitest';
import { asksBesidesHandoff, asksForHuman } from './handoff-triggers.ts';

describe('hand-off phrases', () => {
  it('recognises a request for a person in Chinese and English, not a question that mentions an agent in passing', () => {
    for (const text of ['转人工', '  人工客服！', '我要找人工', 'talk to a human please', 'Agent']) expect(asksForHuman(text)).toBe(true);
    for (const text of ['', '课程可以退款吗', 'how do I become a travel agent for your company and earn commission on bookings', '你们有人工智能课吗', '你是真人吗', 'are you a real person?', 'Are you human?']) expect(asksForHuman(text)).toBe(false);
    for (const text of ['你是真人吗？我要找真人', '人工智能课有吗，转人工']) expect(asksForHuman(text)).toBe(true);
  });

  it('tells a message that asks something besides a person from one that only asks for one', () => {
    for (const text of ['转人工 我的订单有问题', 'I want a refund, real person please']) expect(asksBesidesHandoff(text)).toBe(true);
    for (const text of ['转人工', '人工客服！！', ' 转人工，人工 ', 'human?', 'talk to a human']) expect(asksBesidesHandoff(text)).toBe(false);
  });
});
