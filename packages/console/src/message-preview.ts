import type { ChatMessage } from '@chatbot/protocol';

/**
 * The line a conversation list shows for a message, as the server keeps it for the conversation's summary
 * (a file by its name, the first 200 characters of a text); undefined for a note, which the list never shows.
 */
export function messagePreview(m: ChatMessage): string | undefined {
  if ('file' in m) return `📎 ${m.file.name}`;
  return m.type !== 'note' && 'text' in m ? m.text.slice(0, 200) : undefined;
}
