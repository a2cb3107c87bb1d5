import type { ChatMessage } from '@chatbot/protocol';
import { ServerError } from '../errors.ts';
import type { MessageDraft } from './records.ts';

/**
 * Who sent a message, and what kind of message it was: a clientId seen before is a resend only when the same
 * sender sent the same kind. The bot's replies are one sender whatever their type (a retried turn may answer
 * otherwise); an agent's reply, their note and their file are three kinds.
 */
function senderOf(message: Pick<ChatMessage, 'type'> & { agentId?: string }): string {
  if (message.type.startsWith('bot-')) return 'bot';
  return 'agentId' in message && message.agentId !== undefined ? `${message.type}:${message.agentId}` : message.type;
}

/**
 * Throws CLIENT_ID_TAKEN when `draft` reuses the clientId of `stored`, a message another sender (or the same
 * sender as another kind) wrote: the caller's transaction rolls back, so nothing is stored and nothing of the
 * other message (an internal note, the visitor's text) is handed to this sender.
 * insertMessage checks every repeated clientId with it.
 */
export function refuseTakenClientId(draft: MessageDraft, stored: ChatMessage): void {
  if (senderOf(draft) === senderOf(stored)) return;
  throw new ServerError('CLIENT_ID_TAKEN', `clientId ${JSON.stringify(draft.clientId ?? '')} is already used by another message in this conversation; send yours with a new clientId`);
}
