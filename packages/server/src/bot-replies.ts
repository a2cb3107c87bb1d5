import type { Bot, HistoryTurn, Outcome } from '@chatbot/core';
import { answerInLanguageOf } from '@chatbot/core';
import type { ChatMessage } from '@chatbot/protocol';
import type { MessageDraft } from './store/records.ts';

export const HISTORY_TURNS = 12;

const hasHan = (text: string) => /[\u3400-\u9fff]/u.test(text);

/** A message with nothing to look up (an emoji, marks alone): core finds no words in it. It asks nothing, so nobody failed to answer it. */
export const asksNothing = (outcome: Outcome): boolean => outcome.kind === 'no-answer' && outcome.reason === 'empty-input';

/** A thumbs-up, OK hand, folded hands, clapping or a heart, alone or repeated (any skin tone): the visitor is pleased. */
const APPROVAL = /^(?:[👍👌🙏👏🤝💯✅❤♥][\u{1F3FB}-\u{1F3FF}\uFE0F]*\s*)+$/u;

const hasLetters = (text: string) => /\p{L}/u.test(text);

/** The visitor's latest message with words in it, among `messages` (oldest first): the language a reply to "👍" or "123" goes by. */
export function lastWordsOf(messages: readonly ChatMessage[]): string | undefined {
  return messages.findLast((m): m is Extract<ChatMessage, { type: 'visitor-text' }> => m.type === 'visitor-text' && hasLetters(m.text))?.text;
}

/**
 * What the bot says for an outcome, in the visitor's language: Chinese when they write Chinese; a message in
 * neither script ("123", "？？", "👍") goes by the words they wrote last (`lastWords`), else by the language their
 * browser or channel reported (a Chinese speaker's English browser). A message that asks nothing gets a short
 * line, not "I can't answer": thanks for a 👍 right after an answer (`afterAnswer`), else an invitation to ask.
 */
export function botDraft(outcome: Outcome, visitorText: string, visitorLanguage?: string | null, context: { afterAnswer?: boolean; lastWords?: string } = {}): MessageDraft {
  const zh = hasLetters(visitorText) ? hasHan(visitorText) : context.lastWords ? hasHan(context.lastWords) : (visitorLanguage ?? '').toLowerCase().startsWith('zh');
  if (asksNothing(outcome)) {
    return context.afterAnswer && APPROVAL.test(visitorText.trim())
      ? { type: 'bot-small-talk', intent: 'thanks', text: zh ? '不客气！还有其他问题随时问我。' : "You're welcome! Ask me anything else any time." }
      : { type: 'bot-small-talk', intent: 'empty-input', text: zh ? '请问有什么可以帮您？请用文字输入您的问题。' : 'How can I help? Type your question in words and I will look it up.' };
  }
  switch (outcome.kind) {
    case 'answer':
      return { type: 'bot-answer', text: outcome.text, entryId: outcome.entryId, confidence: Math.round(outcome.confidence * 1000) / 1000 };
    case 'suggest':
      return { type: 'bot-suggest', text: zh ? '您是不是想问：' : 'Did you mean:', suggestions: outcome.suggestions.map((s) => ({ entryId: s.entryId, question: s.question })) };
    case 'small-talk':
      return { type: 'bot-small-talk', text: outcome.text, intent: outcome.intent };
    case 'flow':
      return { type: 'bot-flow', text: outcome.text, flowId: outcome.flowId, event: outcome.event, ...(outcome.choices ? { choices: outcome.choices } : {}) };
    case 'no-answer':
      return {
        type: 'bot-fallback',
        reason: outcome.reason,
        // Worded for every channel: the widget shows a button with it, WeChat has none, so the words work too.
        text: zh ? '抱歉，这个问题我还不会回答。您可以换个说法，或者点击或发送“转人工”联系客服。' : "Sorry, I don't know the answer to that yet. Try asking another way, or tap or write “talk to a person”.",
      };
  }
}

/** The last turns of a transcript as the bot's history (for follow-up questions): enough that a few "thanks" and "who are you" in between do not push the last answer out. */
export function historyOf(messages: readonly ChatMessage[], turns = HISTORY_TURNS): HistoryTurn[] {
  const history: HistoryTurn[] = [];
  for (const m of messages) {
    if (m.type === 'visitor-text') history.push({ role: 'user', text: m.text });
    else if (m.type === 'bot-answer') history.push({ role: 'bot', text: m.text, entryId: m.entryId });
    else if (m.type === 'bot-suggest' || m.type === 'bot-small-talk' || m.type === 'bot-flow' || m.type === 'bot-fallback' || m.type === 'agent-text') history.push({ role: 'bot', text: m.text });
  }
  return history.slice(-turns);
}

/** The bot's best answers for an agent to reuse, in the visitor's language. */
export async function suggestedAnswers(bot: Bot, text: string): Promise<{ entryId: string; question: string; answer: string; confidence: number }[]> {
  const outcome = await bot.ask({ text });
  return outcome.candidates.slice(0, 3).flatMap((c) => {
    const entry = bot.getEntry(c.entryId);
    return entry ? [{ entryId: entry.id, question: entry.questions[0] ?? c.question, answer: answerInLanguageOf(entry.answer, text), confidence: Math.round(c.score * 1000) / 1000 }] : [];
  });
}
