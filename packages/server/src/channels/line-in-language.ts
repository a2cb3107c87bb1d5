import { lineInLanguage, type ChatMessage } from '@chatbot/protocol';

/** The server's own lines (system lines, the bot's reply to a file) in the visitor's language; others as they are. */
export function inLanguage(message: ChatMessage, language: string | null | undefined): ChatMessage {
  return message.type === 'system' || message.type === 'bot-fallback' ? { ...message, text: lineInLanguage(message.text, language) } : message;
}
