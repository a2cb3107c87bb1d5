import type { Channel } from '@chatbot/protocol';
import type { FastifyInstance } from 'fastify';
import type { ConversationService } from '../handoff/conversation-service.ts';
import type { Store } from '../store/store.ts';

/** Channels (e.g. WeChat) are handed to the server; it never imports one by name. Mounting comes with the channel issue. */
export async function mountChannels(_app: FastifyInstance, channels: readonly Channel[], _deps: { store: Store; conversations: ConversationService }): Promise<void> {
  if (channels.length > 0) throw new Error('channel mounting is not implemented yet');
}
