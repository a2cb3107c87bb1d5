import type { Channel, ChatMessage } from '@chatbot/protocol';
import type { FastifyInstance } from 'fastify';
import type { ConversationService, Emitter } from '../handoff/conversation-service.ts';
import type { Store } from '../store/store.ts';
import { checkUpload } from '../files/uploaded-file.ts';

const BOT_TYPES = new Set(['bot-answer', 'bot-small-talk', 'bot-flow', 'bot-suggest', 'bot-fallback', 'agent-text']);

/**
 * Mounts channels (e.g. WeChat) handed to the server; it never imports one by name. Each channel gets HTTP
 * routes under `/<name>`, the conversation pipeline (`receive`) and the shared key-value store. Returns the
 * hook that forwards agent replies to visitors who came through a channel.
 */
export async function mountChannels(app: FastifyInstance, channels: readonly Channel[], deps: { store: Store; conversations: ConversationService; emitToAgents: Emitter['toAgents']; maxFileBytes: number; channelGroups?: Readonly<Record<string, string>> }) {
  const { store, conversations } = deps;
  const byName = new Map(channels.map((c) => [c.name, c]));
  for (const channel of channels) {
    await channel.mount({
      route(method, path, handler) {
        app.route({
          method,
          url: `/${channel.name}${path === '/' ? '' : path}`,
          bodyLimit: 256 * 1024,
          schema: { hide: true },
          handler: async (request, reply) => {
            const result = await handler({ query: request.query as Record<string, string>, body: typeof request.body === 'string' ? request.body : '', headers: request.headers as Record<string, string | undefined> });
            return reply.code(result.status).type(result.contentType ?? 'text/plain; charset=utf-8').send(result.body);
          },
        });
      },
      async receive(message) {
        // A channel's followers go to the agents' group configured for it (CHANNEL_GROUPS), as a page's widget names one.
        const group = deps.channelGroups?.[message.channel] ?? null;
        const visitor = (await store.visitorByExternalId(message.channel, message.externalUserId)) ?? (await store.createVisitor({ channel: message.channel, externalId: message.externalUserId, ...(message.language ? { language: message.language } : {}), group })).visitor;
        if (visitor.group !== group) {
          await store.updateVisitor(visitor.id, { group });
          visitor.group = group;
        }
        const { message: stored, after } = 'file' in message
          ? await conversations.visitorFile(visitor, { clientId: message.clientId, file: checkUpload(message.file.bytes, message.file.name, deps.maxFileBytes) })
          : await conversations.visitorMessage(visitor, { clientId: message.clientId, text: message.text });
        await after;
        // The bot's replies, and the confirmation of an opt-out or opt-in word (the visitor must see it).
        return (await store.messages(stored.conversationId, stored.seq)).filter((m) => (BOT_TYPES.has(m.type) && m.type !== 'agent-text') || (m.type === 'system' && (m.event === 'opted-out' || m.event === 'opted-in')));
      },
      kv: store.kv,
      readFile: (id) => store.fileById(id),
    });
  }

  /** Sends an agent's reply or a proactive message to a channel visitor; a refusal (e.g. WeChat's 48-hour window) becomes a note the agent sees. */
  return async function deliver(conversationId: string, message: ChatMessage): Promise<void> {
    if (byName.size === 0 || (message.type !== 'agent-text' && message.type !== 'agent-file' && message.type !== 'proactive')) return;
    const conversation = await store.getConversation(conversationId);
    const visitor = conversation && (await store.getVisitor(conversation.visitorId));
    const channel = visitor && byName.get(visitor.channel);
    if (!channel || !visitor?.externalId) return;
    const result = await channel.deliver({ channel: channel.name, externalUserId: visitor.externalId, message });
    if (result.ok) return;
    const { message: note } = await store.appendMessage(conversationId, { type: 'note', text: `⚠ ${channel.name} did not deliver this reply: ${result.code}: ${result.message}`, agentId: 'system', agentName: 'system' });
    deps.emitToAgents('message', note);
  };
}
