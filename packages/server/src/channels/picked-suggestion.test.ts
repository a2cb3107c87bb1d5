import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '@chatbot/protocol';
import { pickedSuggestion } from './picked-suggestion.ts';

const base = { conversationId: 'c1', createdAt: '2026-12-04T00:00:00Z' };
const asked: ChatMessage = { ...base, id: 'm1', seq: 1, type: 'visitor-text', text: '课程' };
const suggested: ChatMessage = { ...base, id: 'm2', seq: 2, type: 'bot-suggest', text: '您是不是想问：', suggestions: [{ entryId: 'buy', question: '怎么购买课程' }, { entryId: 'refund', question: '课程可以退款吗' }] };
const note: ChatMessage = { ...base, id: 'm3', seq: 3, type: 'note', text: '看看', agentId: 'a1', agentName: 'Ann' };

describe('a numbered reply to the "did you mean" list', () => {
  it('picks the suggestion with that number, written plainly, full-width or with a dot', () => {
    expect(pickedSuggestion('1', [asked, suggested])).toEqual({ entryId: 'buy', question: '怎么购买课程' });
    expect(pickedSuggestion(' ２ ', [asked, suggested, note])).toEqual({ entryId: 'refund', question: '课程可以退款吗' });
    expect(pickedSuggestion('2.', [asked, suggested])?.entryId).toBe('refund');
  });

  it('is an ordinary message otherwise: a number past the list, more than a number, or no list just before', () => {
    expect(pickedSuggestion('3', [asked, suggested])).toBeUndefined();
    expect(pickedSuggestion('1个月', [asked, suggested])).toBeUndefined();
    expect(pickedSuggestion('1', [suggested, { ...asked, id: 'm4', seq: 4 }])).toBeUndefined();
    expect(pickedSuggestion('1', [])).toBeUndefined();
  });
});
