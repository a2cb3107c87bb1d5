import { MAX_CONTACT_CHARS, MAX_HISTORY_PAGE, MAX_MESSAGE_CHARS, VISITOR_NAMESPACE, type VisitorAuth, type VisitorClientToServer, type VisitorServerToClient } from '@chatbot/protocol';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { ServerError } from '../errors.ts';
import { REPLY_CLIENT_ID_PREFIX, type ConversationService } from '../handoff/conversation-service.ts';
import type { VisitorRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { InFlight } from '../lifecycle/in-flight.ts';
import { gatedAcknowledger } from './acknowledge.ts';
import { createTokenBucket } from './token-bucket.ts';
import { announceVisitorArrived, announceVisitorLeft } from './visitor-presence.ts';
import { verifyIdentity } from '../auth/identity.ts';

/** Sequence numbers are PostgreSQL `int`s: a larger one fails the query. */
const MAX_SEQ = 2_147_483_647;
const clientId = z.string().min(1).max(100).refine((id) => !id.startsWith(REPLY_CLIENT_ID_PREFIX), `clientIds starting with ${REPLY_CLIENT_ID_PREFIX} are reserved for the bot's replies`);
const text = z.string().trim().min(1).max(MAX_MESSAGE_CHARS, `messages are limited to ${MAX_MESSAGE_CHARS} characters`);
const authSchema = z.object({
  visitorToken: z.string().max(200).optional(),
  channel: z.string().max(40).optional(),
  page: z.string().max(2000).optional(),
  language: z.string().max(20).optional(),
  group: z.string().trim().max(50).optional(),
  identity: z.object({ id: z.string().min(1).max(200), name: z.string().max(100).optional(), hmac: z.string().max(200) }).optional(),
});

type VisitorSocket = Socket<VisitorClientToServer, VisitorServerToClient, Record<string, never>, { visitor: VisitorRecord }>;

/** The `/visitor` namespace: a visitor's token restores their conversation across reloads and reconnects. */
export function mountVisitorNamespace(io: Server, deps: { store: Store; conversations: ConversationService; log: (error: unknown) => void; maxFileBytes: number; messagesPerMinute: number; connectionsPerMinute: number; identitySecret?: string; inFlight: InFlight }) {
  const { store, conversations } = deps;
  const nsp = io.of(VISITOR_NAMESPACE);
  const limiter = createTokenBucket({ burst: Math.max(5, Math.ceil(deps.messagesPerMinute / 6)), perSecond: deps.messagesPerMinute / 60 });
  // Per IP, so one client cannot dodge the per-visitor limit by minting new visitors.
  const ipMessages = createTokenBucket({ burst: Math.max(20, deps.messagesPerMinute), perSecond: (deps.messagesPerMinute * 5) / 60 });
  const ipConnections = createTokenBucket({ burst: deps.connectionsPerMinute, perSecond: deps.connectionsPerMinute / 60 });

  nsp.use(async (socket, next) => {
    if (!ipConnections.take(socket.handshake.address)) return next(new Error('RATE_LIMITED: too many connections from this address'));
    const auth = authSchema.safeParse(socket.handshake.auth ?? {});
    if (!auth.success) return next(new Error('BAD_REQUEST: invalid auth payload'));
    const given = auth.data as VisitorAuth;
    let visitor = given.visitorToken ? await store.visitorByToken(given.visitorToken) : undefined;
    let token = given.visitorToken;
    if (given.identity && deps.identitySecret) {
      if (!verifyIdentity(given.identity, deps.identitySecret)) return next(new Error('IDENTITY_INVALID: the identity signature does not match'));
      // A verified identity is the same visitor on every device: find or create them by their id.
      const known = await store.visitorByExternalId('web', given.identity.id);
      const identified = known ?? (await store.createVisitor({ channel: 'web', externalId: given.identity.id, ...(given.identity.name ? { name: given.identity.name } : {}) })).visitor;
      if (identified.id !== visitor?.id) [visitor, token] = [identified, await store.issueVisitorToken(identified.id)];
    }
    const group = given.group || null;
    if (!visitor) {
      const created = await store.createVisitor({ channel: given.channel ?? 'web', ...(given.page ? { page: given.page } : {}), ...(given.language ? { language: given.language } : {}), group });
      [visitor, token] = [created.visitor, created.token];
    } else if (given.page || given.language || group !== visitor.group) {
      // The page decides the group: one without `group` hands its visitors to anyone.
      await store.updateVisitor(visitor.id, { ...(given.page ? { page: given.page } : {}), ...(given.language ? { language: given.language } : {}), group });
    }
    visitor = { ...visitor, group };
    if (visitor.blocked) return next(new Error('VISITOR_BLOCKED: this visitor is blocked'));
    (socket as VisitorSocket).data.visitor = visitor;
    (socket.data as { token?: string }).token = token;
    next();
  });

  /** False, with the socket disconnected, when the visitor was blocked or erased since they connected. */
  const stillWelcome = async (socket: VisitorSocket): Promise<boolean> => {
    const current = await store.getVisitor(socket.data.visitor.id).catch(() => socket.data.visitor);
    if (current && !current.blocked) return true;
    socket.disconnect(true);
    return false;
  };

  nsp.on('connection', async (raw) => {
    const socket = raw as VisitorSocket;
    const visitor = socket.data.visitor;
    const join = async () => {
      const conversation = await store.currentConversation(visitor.id);
      await socket.join([`c:${conversation.id}`, `v:${visitor.id}`]);
      return conversation;
    };
    const limited = <T>(fn: () => Promise<T>) => async () => {
      if (!limiter.take(visitor.id) || !ipMessages.take(socket.handshake.address)) throw new ServerError('RATE_LIMITED', 'too many messages; wait a moment');
      return fn();
    };
    // A connection resumed within the recovery window skips the middleware: a visitor blocked or erased while
    // their network was down must not come back. Handlers are bound at once and wait for the check.
    const allowed = socket.recovered ? stillWelcome(socket) : Promise.resolve(true);
    const on = gatedAcknowledger(deps.log, deps.inFlight, allowed, () => new ServerError('VISITOR_BLOCKED', 'this visitor is blocked'));
    // Handlers are registered before any await, so no event sent right after connecting is lost.
    socket.on('message:send', on(z.object({ clientId, text }), async (input) => {
      const conversation = await join();
      const { message, duplicate, after } = await limited(() => conversations.visitorMessage(visitor, input, conversation))();
      // Closed as it was sent: the message went to the visitor's new conversation, whose answers this tab must hear.
      if (!duplicate && message.conversationId !== conversation.id) await socket.join(`c:${message.conversationId}`);
      after.catch(deps.log);
      return { message };
    }));
    socket.on('suggestion:pick', on(z.object({ clientId, entryId: z.string().min(1).max(200), question: z.string().max(2000).optional() }), async (input) => {
      await join();
      return { message: await limited(() => conversations.pickSuggestion(visitor, input))() };
    }));
    socket.on('feedback', on(z.object({ messageId: z.string().min(1).max(100), helpful: z.boolean() }), async (input) => {
      await limited(() => conversations.feedback(visitor, input))();
      return {};
    }));
    socket.on('handoff:request', on(z.object({ reason: z.string().max(200).optional() }).optional().default({}), async () => {
      await join();
      return { status: await conversations.requestHuman(visitor) };
    }));
    socket.on('history', on(z.object({ afterSeq: z.number().int().min(0).max(MAX_SEQ).optional(), conversationId: z.string().min(1).max(100).optional(), limit: z.number().int().min(1).max(MAX_HISTORY_PAGE).optional() }).optional().default({}), async (input) => {
      await join();
      return conversations.visitorHistory(visitor, { ...(input.conversationId ? { conversationId: input.conversationId } : {}), afterSeq: input.afterSeq ?? 0, limit: input.limit ?? MAX_HISTORY_PAGE });
    }));
    socket.on('csat', on(z.object({ score: z.number().int().min(1).max(5), comment: z.string().max(1000).optional() }), async (input) => {
      await conversations.csat(visitor, input);
      return {};
    }));
    socket.on('leave-message', on(z.object({ name: z.string().max(100).optional(), contact: z.string().min(1).max(MAX_CONTACT_CHARS), text }), async (input) => {
      await limited(() => conversations.leaveMessage(visitor, input))();
      return {};
    }));
    socket.on('typing', async (input: unknown) => {
      if (!(await allowed)) return;
      const parsed = z.object({ typing: z.boolean() }).safeParse(input);
      if (!parsed.success) return;
      const conversation = await store.currentConversation(visitor.id);
      io.of('/agent').emit('typing', { conversationId: conversation.id, typing: parsed.data.typing });
    });
    socket.on('read', async (input: unknown) => {
      if (!(await allowed)) return;
      const parsed = z.object({ upToSeq: z.number().int().min(0) }).safeParse(input);
      if (!parsed.success) return;
      const conversation = await store.currentConversation(visitor.id);
      io.of('/agent').emit('read', { conversationId: conversation.id, upToSeq: parsed.data.upToSeq });
    });
    socket.on('disconnect', () => void announceVisitorLeft(io, visitor.id).catch(deps.log));
    try {
      if (!(await allowed)) return;
      const conversation = await join();
      announceVisitorArrived(io, visitor.id);
      const owed = conversation.state === 'bot' ? await conversations.ratingOwed(visitor) : undefined;
      socket.emit('session', { visitorId: visitor.id, visitorToken: (socket.data as { token?: string }).token ?? '', conversationId: conversation.id, state: conversation.state, maxFileBytes: deps.maxFileBytes, ...(owed ? { ratingOwed: owed.id } : {}) });
      // A question left unanswered (its node died) is answered by the waiting-questions sweep of the node the visitor is on.
      if (conversation.state !== 'bot') socket.emit('handoff', await conversations.status(conversation));
    } catch (error) {
      deps.log(error);
      socket.disconnect(true);
    }
  });
  return nsp;
}
