import { AGENT_NAMESPACE, MAX_MESSAGE_CHARS, type AgentClientToServer, type AgentServerToClient } from '@chatbot/protocol';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { verifyToken } from '../auth/jwt.ts';
import type { ConversationService } from '../handoff/conversation-service.ts';
import type { Presence } from '../handoff/presence.ts';
import type { AgentRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { InFlight } from '../lifecycle/in-flight.ts';
import { gatedAcknowledger } from './acknowledge.ts';
import { ServerError } from '../errors.ts';

type AgentSocket = Socket<AgentClientToServer, AgentServerToClient, Record<string, never>, { agent: AgentRecord }>;
const id = z.string().min(1).max(100);
const text = z.string().trim().min(1).max(MAX_MESSAGE_CHARS);

/** The `/agent` namespace: presence, the live queue, and every action on a conversation. */
export function mountAgentNamespace(io: Server, deps: { store: Store; conversations: ConversationService; presence: Presence; jwtSecret: string; log: (error: unknown) => void; inFlight: InFlight }) {
  const { store, conversations, presence } = deps;
  const nsp = io.of(AGENT_NAMESPACE);
  // Names, capacity and groups as stored now (an admin may have changed them since the agent connected).
  const broadcastAgents = async () => {
    const [active, stored] = await Promise.all([store.activeCounts(), store.listAgents()]);
    const byId = new Map(stored.map((a) => [a.id, a]));
    nsp.emit('agents', presence.list(active).map((p) => {
      const agent = byId.get(p.agentId);
      return agent ? { ...p, name: agent.name, maxConversations: agent.maxConversations, groups: agent.groups } : p;
    }));
  };

  nsp.use(async (socket, next) => {
    const claims = verifyToken((socket.handshake.auth as { token?: unknown } | undefined)?.token, deps.jwtSecret);
    const agent = claims && (await store.agentById(claims.sub));
    if (!agent) return next(new Error('AUTH_BAD_TOKEN: log in again'));
    if (!agent.active) return next(new Error('AGENT_DISABLED: this account is deactivated'));
    (socket as AgentSocket).data.agent = agent;
    next();
  });

  /** False, with the socket disconnected, when the agent's account was deactivated or removed. */
  const stillActive = async (socket: AgentSocket): Promise<boolean> => {
    const current = await store.agentById(socket.data.agent.id).catch(() => socket.data.agent);
    if (current?.active) return true;
    socket.disconnect(true);
    return false;
  };

  nsp.on('connection', async (raw) => {
    const socket = raw as AgentSocket;
    const agent = socket.data.agent;
    // A connection resumed within the recovery window skips the middleware, so the account is checked again:
    // an agent deactivated while their network was down must not come back serving visitors. Handlers are
    // bound at once (a resumed client resends its buffered events straight away) and wait for the check.
    const allowed = socket.recovered ? stillActive(socket) : Promise.resolve(true);
    const on = gatedAcknowledger(deps.log, deps.inFlight, allowed, () => new ServerError('AGENT_DISABLED', 'this account is deactivated'));
    socket.on('presence:set', on(z.object({ status: z.enum(['online', 'away', 'offline']) }), async ({ status }) => {
      await store.updateAgent(agent.id, { chosenStatus: status }); // kept for their next connection, on any node
      presence.set(agent.id, status);
      await broadcastAgents();
      if (status === 'online') await conversations.autoAssign();
      return {};
    }));
    socket.on('conversation:open', on(z.object({ conversationId: id }), async ({ conversationId }) => conversations.detail(conversationId)));
    socket.on('conversation:take', on(z.object({ conversationId: id }), async ({ conversationId }) => ({ conversation: await conversations.summary(await conversations.take(agent, conversationId)) })));
    socket.on('conversation:reply', on(z.object({ conversationId: id, clientId: id, text }), async (input) => ({ message: await conversations.reply(agent, { ...input, note: false }) })));
    socket.on('conversation:note', on(z.object({ conversationId: id, clientId: id, text }), async (input) => ({ message: await conversations.reply(agent, { ...input, note: true }) })));
    const transferTo = z.object({ conversationId: id, toAgentId: id.optional(), toGroup: z.string().trim().min(1).max(50).optional() }).refine((t) => (t.toAgentId === undefined) !== (t.toGroup === undefined), 'name either toAgentId or toGroup');
    socket.on('conversation:transfer', on(transferTo, async ({ conversationId, toAgentId, toGroup }) => {
      if (toGroup !== undefined) await conversations.transferToGroup(agent, conversationId, toGroup);
      else await conversations.transfer(agent, conversationId, toAgentId!);
      return {};
    }));
    socket.on('conversation:close', on(z.object({ conversationId: id }), async ({ conversationId }) => {
      await conversations.close(agent, conversationId);
      return {};
    }));
    socket.on('conversation:return-to-bot', on(z.object({ conversationId: id }), async ({ conversationId }) => {
      await conversations.returnToBot(agent, conversationId);
      return {};
    }));
    // An agent (or admin) reading someone else's conversation does not show the visitor their typing or reading.
    const ownerOnly = <S extends z.ZodType<{ conversationId: string }>>(schema: S, relay: (input: z.infer<S>) => void) => (input: unknown) => {
      const parsed = schema.safeParse(input);
      if (!parsed.success) return;
      void conversations.isServedBy(parsed.data.conversationId, agent.id).then((owns) => owns && relay(parsed.data), deps.log);
    };
    socket.on('typing', ownerOnly(z.object({ conversationId: id, typing: z.boolean() }), ({ conversationId, typing }) => io.of('/visitor').to(`c:${conversationId}`).emit('typing', { from: 'agent', typing, name: agent.name })));
    socket.on(
      'read',
      ownerOnly(z.object({ conversationId: id, upToSeq: z.number().int().min(0).max(2 ** 31 - 1) }), ({ conversationId, upToSeq }) => {
        io.of('/visitor').to(`c:${conversationId}`).emit('read', { upToSeq });
        conversations.markRead(conversationId, agent.id, upToSeq).catch(deps.log);
      }),
    );
    let counted = false;
    socket.on('disconnect', () => {
      if (!counted) return;
      presence.disconnect(agent.id);
      broadcastAgents().catch(deps.log);
    });
    try {
      if (!(await allowed) || socket.disconnected) return;
      presence.connect(agent);
      counted = true;
      socket.emit('queue', await conversations.queue());
      socket.emit('conversations:mine', await conversations.mine(agent.id));
      await broadcastAgents();
      await conversations.autoAssign();
    } catch (error) {
      deps.log(error);
    }
  });
  return { broadcastAgents };
}
