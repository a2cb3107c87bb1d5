import { describe, expect, it } from 'vitest';
import { createBot } from '../create-bot.ts';
import type { KnowledgeEntry } from '../types.ts';

// A small English shop: its encoder read "script alert img src onerror" as close enough to the contact entry to answer.
const SHOP: KnowledgeEntry[] = [
  { id: 'warranty-laptop', questions: ['what is the warranty on laptops', 'how long is the laptop warranty', 'laptop guarantee'], answer: 'Laptops come with a 2-year warranty.' },
  { id: 'warranty-phone', questions: ['what is the warranty on phones', 'how long is the phone warranty', 'phone guarantee'], answer: 'Phones come with a 1-year warranty.' },
  { id: 'shipping-time', questions: ['how long does shipping take', 'when will my order arrive', 'delivery time'], answer: 'Orders arrive within 3-5 business days.' },
  { id: 'return-policy', questions: ['can I return an item', 'what is your return policy', 'how do I return something'], answer: 'You can return unused items within 30 days for a full refund.' },
  { id: 'payment', questions: ['which payment methods do you accept', 'can I pay with paypal', 'do you take credit cards'], answer: 'We accept Visa, Mastercard and PayPal.' },
  { id: 'contact', questions: ['how can I contact support', 'what is your phone number', 'customer service email'], answer: 'Email support@example.com or call 400-000-0000.' },
];

describe('the normalize stage', () => {
  it('reads the text between HTML tags, not the tags: markup does not drive an answer', async () => {
    const bot = await createBot({ knowledge: SHOP });
    const hostile = await bot.ask({ text: '<script>alert(1)</script><img src=x onerror=alert(1)>' });
    expect(hostile.trace[0]).toMatchObject({ stage: 'normalize', detail: { text: 'alert 1' } });
    expect(hostile.kind).not.toBe('answer');
    // A question wrapped in markup is the question.
    const wrapped = await bot.ask({ text: '<p>what is the <b>warranty</b> on laptops</p>' });
    expect(wrapped.kind === 'answer' && wrapped.entryId).toBe('warranty-laptop');
    bot.close();
  });
});
