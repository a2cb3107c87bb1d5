import type { ChatMessage } from '@chatbot/protocol';

const NUMBER_ONLY = /^\s*([1-9])\s*[.。、)）]?\s*$/u;

/**
 * On a channel without buttons (WeChat) the bot's "did you mean" list is numbered; a reply that is just one of
 * those numbers ("1", "２") picks that suggestion, as a tap on the widget's chip does. `recent`: the
 * conversation's last messages, oldest first, before this reply.
 */
export function pickedSuggestion(text: string, recent: readonly ChatMessage[]): { entryId: string; question: string } | undefined {
  const number = NUMBER_ONLY.exec(text.normalize('NFKC'))?.[1];
  if (!number) return undefined;
  const last = [...recent].reverse().find((m) => m.type !== 'note');
  const picked = last?.type === 'bot-suggest' ? last.suggestions[Number(number) - 1] : undefined;
  return picked && { entryId: picked.entryId, question: picked.question };
}
