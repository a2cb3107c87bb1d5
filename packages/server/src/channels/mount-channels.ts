import type { Channel, ChatMessage, DeliveryResult } from '@chatbot/protocol';
import type { FastifyInstance } from 'fastify';
import { isIdleClose, REPLY_CLIENT_ID_PREFIX, type ConversationService, type Emitter } from '../handoff/conversation-service.ts';
import type { Store } from '../store/store.ts';
import type { ConversationRecord, VisitorRecord } from '../store/records.ts';
import { checkUpload } from '../files/uploaded-file.ts';
import { pickedSuggestion } from './picked-suggestion.ts';
import { inLanguage } from './line-in-language.ts';
import { QUEUE_STATUS_EVERY_MS, queueStatusLine } from './queue-status-line.ts';
import { oneAtATime } from '../handoff/one-at-a-time.ts';
import { withPublishedLines } from '../handoff/turn-lines.ts';

const BOT_TYPES = new Set(['bot-answer', 'bot-small-talk', 'bot-flow', 'bot-suggest', 'bot-fallback']);

/** What a channel visitor reads of a conversation: the bot's replies and the system lines (queued, agent joined, …); the leave-a-message line belongs to the web form. */
const readsOnChannel = (m: ChatMessage) => BOT_TYPES.has(m.type) || (m.type === 'system' && m.event !== 'left-message');

/**
 * Mounts channels (e.g. WeChat) handed to the server; it never imports one by name. Each channel gets HTTP
 * routes under `/<name>`, the conversation pipeline (`receive`) and the shared key-value store. Returns the
 * hook that forwards agent replies, proactive messages and system lines to visitors who came through a channel.
 */
export async function mountChannels(app: FastifyInstance, channels: readonly Channel[], deps: { store: Store; conversations: ConversationService; emitToAgents: Emitter['toAgents']; maxFileBytes: number; channelGroups?: Readonly<Record<string, string>> }) {
  const { store, conversations } = deps;
  const byName = new Map(channels.map((c) => [c.name, c]));
  // Conversations whose visitor's message is being answered in the channel's own reply: the system lines of that
  // turn go out in the reply; lines emitted meanwhile that the reply did not include are held and sent after it.
  const answering = new Map<string, { turns: number; held: ChatMessage[]; replied: Set<string> }>();
  // A conversation's deliveries go out one after another, in the order they were made: a slow send (a token
  // being refreshed) must not let the agent's next line, or the close, overtake it.
  const inOrder = oneAtATime();
  const deliverInOrder = (conversationId: string, message: ChatMessage) => inOrder(conversationId, () => deliverTo(conversationId, message));

  async function visitorOf(channel: string, externalUserId: string, language: string | undefined): Promise<VisitorRecord> {
    // A channel's followers go to the agents' group configured for it (CHANNEL_GROUPS), as a page's widget names one.
    const group = deps.channelGroups?.[channel] ?? null;
    const create = () => store.createVisitor({ channel, externalId: externalUserId, ...(language ? { language } : {}), group }).then((created) => created.visitor);
    // A new follower's first messages arrive together: one creates the visitor, the others find it.
    const found = () => store.visitorByExternalId(channel, externalUserId);
    const visitor = (await found()) ?? (await create().catch(async (error: unknown) => {
      const other = await found();
      if (!other) throw error;
      return other;
    }));
    if (visitor.group !== group) {
      await store.updateVisitor(visitor.id, { group });
      visitor.group = group;
    }
    return visitor;
  }

  /** When each waiting conversation's visitor was last told where they are in the queue. */
  const toldWaiting = new Map<string, number>();

  /**
   * A visitor waiting for a person learns where they stand when they are queued, and when they write while
   * waiting (at most once a minute): the widget shows it; a channel has only its replies.
   */
  async function waitingLine(before: ConversationRecord, read: ChatMessage[]): Promise<ChatMessage[]> {
    const conversationId = before.id;
    const justQueued = read.some((m) => m.type === 'system' && m.event === 'queued');
    // Most messages come neither while waiting nor with a hand-off: no look at the conversation for them.
    if (!justQueued && before.state !== 'queued') return [];
    const current = await store.getConversation(conversationId);
    if (current?.state !== 'queued') {
      toldWaiting.delete(conversationId);
      return [];
    }
    if (!justQueued && Date.now() - (toldWaiting.get(conversationId) ?? 0) < QUEUE_STATUS_EVERY_MS) return [];
    if (toldWaiting.size > 10_000) toldWaiting.clear(); // conversations taken since, whose visitor wrote no more
    toldWaiting.set(conversationId, Date.now());
    const line = queueStatusLine(conversationId, await conversations.status(current));
    return line ? [line] : [];
  }

  async function deliverTo(conversationId: string, message: ChatMessage): Promise<void> {
    const conversation = await store.getConversation(conversationId);
    const visitor = conversation && (await store.getVisitor(conversation.visitorId));
    const channel = visitor && byName.get(visitor.channel);
    if (!channel || !visitor?.externalId) return;
    let result: DeliveryResult;
    try {
      result = await channel.deliver({ channel: channel.name, externalUserId: visitor.externalId, message: inLanguage(message, visitor.language) });
    } catch (error) {
      // A channel that throws (its API unreachable, a token it cannot get) failed to deliver as surely as one that says so.
      result = { ok: false, code: (error as { code?: string }).code ?? 'CHANNEL_ERROR', message: error instanceof Error ? error.message : String(error) };
    }
    if (result.ok) return;
    await noteUndelivered(conversationId, channel.name, message.type === 'system' ? `the line "${message.text}"` : 'this reply', result);
  }

  /** A note the agents see in the conversation: what did not reach the visitor, and why. */
  async function noteUndelivered(conversationId: string, channel: string, what: string, result: Extract<DeliveryResult, { ok: false }>): Promise<void> {
    const { message: note } = await store.appendMessage(conversationId, { type: 'note', text: `⚠ ${channel} did not deliver ${what}: ${result.code}: ${result.message}`, agentId: 'system', agentName: 'system' });
    deps.emitToAgents('message', note);
  }

  for (const channel of channels) {
    await channel.mount({
      route(method, path, handler) {
        app.route({
          method,
          url: `/${channel.name}${path === '/' ? '' : path}`,
          bodyLimit: 256 * 1024,
          schema: { hide: true },
          // A channel's platform pushes every follower's messages from a few addresses (one, behind a proxy), so the
          // per-address limit would refuse a busy account; the channel checks each request's signature instead.
          config: { rateLimit: false },
          handler: async (request, reply) => {
            const result = await handler({ query: request.query as Record<string, string>, body: typeof request.body === 'string' ? request.body : '', headers: request.headers as Record<string, string | undefined> });
            return reply.code(result.status).type(result.contentType ?? 'text/plain; charset=utf-8').send(result.body);
          },
        });
      },
      async receive(message) {
        const visitor = await visitorOf(message.channel, message.externalUserId, message.language);
        // A blocked visitor is refused on every channel, as the widget's connection is: nothing is stored or answered.
        if (visitor.blocked) return [];
        const conversation = await store.currentConversation(visitor.id);
        const turn = answering.get(conversation.id) ?? { turns: 0, held: [], replied: new Set<string>() };
        turn.turns++;
        answering.set(conversation.id, turn);
        let read: ChatMessage[] = [];
        try {
          // The lines this message's turn published (its answer, a hand-off it caused), not those of the
          // visitor's other messages answered meanwhile.
          let resent: ChatMessage | undefined;
          const published = await withPublishedLines(async () => {
            const pick = 'text' in message && conversation.state === 'bot' ? pickedSuggestion(message.text, await store.recentMessages(conversation.id, 20)) : undefined;
            const stored = pick
              ? { message: await conversations.pickSuggestion(visitor, { clientId: message.clientId, ...pick }), after: Promise.resolve() }
              : 'file' in message
                ? await conversations.visitorFile(visitor, { clientId: message.clientId, file: checkUpload(message.file.bytes, message.file.name, deps.maxFileBytes) })
                : await conversations.visitorMessage(visitor, { clientId: message.clientId, text: message.text }, conversation);
            if ('duplicate' in stored && stored.duplicate) resent = stored.message;
            await stored.after;
          });
          read = published.filter((m) => m.conversationId === conversation.id && readsOnChannel(m));
          // A message stored before (its first delivery failed after the bot answered it): its answer again.
          if (resent && read.length === 0) read = (await store.messages(conversation.id, resent.seq, 50)).filter((m) => m.clientId === `${REPLY_CLIENT_ID_PREFIX}${resent!.id}`);
          read = [...read, ...(await waitingLine(conversation, read))].map((m) => inLanguage(m, visitor.language));
        } finally {
          for (const m of read) turn.replied.add(m.id);
          if (--turn.turns === 0) {
            answering.delete(conversation.id);
            for (const held of turn.held.filter((m) => !turn.replied.has(m.id))) void deliverInOrder(conversation.id, held).catch((error: unknown) => app.log.error(error));
          }
        }
        return read;
      },
      async undelivered({ externalUserId, text, result }) {
        const visitor = await store.visitorByExternalId(channel.name, externalUserId);
        const conversation = visitor && (await store.openConversation(visitor.id));
        if (conversation) await noteUndelivered(conversation.id, channel.name, `the bot's late answer "${text.slice(0, 80)}"`, result);
      },
      async visitorLeft(externalUserId) {
        const visitor = await store.visitorByExternalId(channel.name, externalUserId);
        if (visitor) await conversations.visitorLeftChannel(visitor);
      },
      kv: store.kv,
      readFile: (id) => store.fileById(id),
    });
  }

  /** Sends an agent's reply, a proactive message or a system line to a channel visitor; a refusal (e.g. WeChat's 48-hour window) becomes a note the agent sees. */
  return async function deliver(conversationId: string, message: ChatMessage): Promise<void> {
    if (byName.size === 0) return;
    if (message.type === 'system' ? message.event === 'left-message' || isIdleClose(message) : message.type !== 'agent-text' && message.type !== 'agent-file' && message.type !== 'proactive') return;
    const turn = message.type === 'system' ? answering.get(conversationId) : undefined;
    if (turn) turn.held.push(message);
    else await deliverInOrder(conversationId, message);
  };
}
