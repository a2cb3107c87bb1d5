import type { Outcome } from '@chatbot/core';
import { describe, expect, it } from 'vitest';
import { botDraft } from './bot-replies.ts';

const noAnswer: Outcome = { kind: 'no-answer', reason: 'low-confidence', confidence: 0, candidates: [], trace: [] };
const nothingAsked: Outcome = { kind: 'no-answer', reason: 'empty-input', confidence: 0, candidates: [], trace: [] };
const suggest: Outcome = { kind: 'suggest', suggestions: [{ entryId: 'a', question: 'q', score: 0.2 }], confidence: 0.2, candidates: [], trace: [] };

describe('botDraft', () => {
  it('speaks the language the visitor writes, and for digits or marks alone the one their browser reported', () => {
    const says = (outcome: Outcome, text: string, language?: string | null) => (botDraft(outcome, text, language) as { text: string }).text;
    expect(says(noAnswer, '这是什么', 'en-US')).toMatch(/^抱歉/);
    expect(says(noAnswer, 'what is this', 'zh-CN')).toMatch(/^Sorry/);
    expect([says(noAnswer, '123456', 'zh-CN'), says(noAnswer, '？？', 'zh'), says(suggest, '2', 'zh-TW')]).toEqual([expect.stringMatching(/^抱歉/), expect.stringMatching(/^抱歉/), '您是不是想问：']);
    expect([says(noAnswer, '123456', 'en-GB'), says(noAnswer, '123456', null), says(noAnswer, '123456')]).toEqual([expect.stringMatching(/^Sorry/), expect.stringMatching(/^Sorry/), expect.stringMatching(/^Sorry/)]);
  });

  it('answers a message without words ("👍", "123") in the language of the words the visitor wrote last, else their browser\'s', () => {
    const zhBefore = (text: string, language: string | null) => botDraft(nothingAsked, text, language, { afterAnswer: true, lastWords: '一对一多少钱' });
    expect([zhBefore('👍', 'en-US'), zhBefore('👍', null)].map((d) => ('text' in d ? d.text : ''))).toEqual([expect.stringMatching(/^不客气/), expect.stringMatching(/^不客气/)]);
    expect(botDraft(noAnswer, '123456', 'zh-CN', { lastWords: 'how much is it' })).toMatchObject({ text: expect.stringMatching(/^Sorry/) });
    expect(botDraft(noAnswer, '123456', 'zh-CN', {})).toMatchObject({ text: expect.stringMatching(/^抱歉/) });
  });

  it('meets a message that asks nothing (emoji, marks) with a short line, thanks for a 👍 after an answer, never "I can\'t answer"', () => {
    const reply = (text: string, language: string, afterAnswer: boolean) => botDraft(nothingAsked, text, language, { afterAnswer });
    expect([reply('👍', 'zh-CN', true), reply('🙏🏻', 'en', true), reply('👌', 'zh-CN', true)]).toEqual([
      { type: 'bot-small-talk', intent: 'thanks', text: expect.stringMatching(/^不客气/) },
      { type: 'bot-small-talk', intent: 'thanks', text: expect.stringMatching(/^You're welcome/) },
      { type: 'bot-small-talk', intent: 'thanks', text: expect.stringMatching(/^不客气/) },
    ]);
    expect([reply('👍', 'zh-CN', false), reply('😀😀', 'zh-CN', true), reply('😀😀', 'en-US', false)]).toEqual([
      { type: 'bot-small-talk', intent: 'empty-input', text: expect.stringMatching(/^请问有什么可以帮您/) },
      { type: 'bot-small-talk', intent: 'empty-input', text: expect.stringMatching(/^请问有什么可以帮您/) },
      { type: 'bot-small-talk', intent: 'empty-input', text: expect.stringMatching(/^How can I help/) },
    ]);
  });
});
