import type { ChatMessage } from '@chatbot/protocol';

const HAN = /[\u3400-\u9fff]/u;

/**
 * A bilingual line ("客服已接入。 / An agent has joined.") in the visitor's language. The widget shows both;
 * a channel's visitor reads a chat thread, where the other language is noise.
 */
export function lineInLanguage(text: string, language: string | null | undefined): string {
  const parts = text.split(' / ');
  if (parts.length !== 2 || !language) return text;
  const [chinese, english] = parts as [string, string];
  if (!HAN.test(chinese) || HAN.test(english)) return text;
  return language.toLowerCase().startsWith('zh') ? chinese : english;
}

/** The server's own lines (system lines, the bot's reply to a file) in the visitor's language; others as they are. */
export function inLanguage(message: ChatMessage, language: string | null | undefined): ChatMessage {
  return message.type === 'system' || message.type === 'bot-fallback' ? { ...message, text: lineInLanguage(message.text, language) } : message;
}
