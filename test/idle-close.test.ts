import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentPresence, ChatMessage, ConversationSummary, HandoffStatus } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectAgent, connectVisitor, loginAgent, until, type AgentClient } from './support/clients.ts';

const KB = new URL('../examples/demo/kb.jsonl', import.meta.url).pathname;
const IDLE = { botMs: 1500, agentMs: 2000, sweepMs: 200 };

describe('quiet conversations close by themselves', () => {
  let server: RunningServer;
  let agent: AgentClient;
  const updates: ConversationSummary[] = [];
  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' }, idle: IDLE, visitorMessagesPerMinute: 600 });
    agent = await connectAgent(server.url, await loginAgent(server.url));
    agent.on('conversation:updated', (c) => updates.push(c));
  });
  afterAll(async () => {
    agent?.close();
    await server?.close();
  });

  it('closes a quiet conversation with the bot, says so, asks no rating, and the next question starts a new one', async () => {
    const visitor = await connectVisitor(server.url);
    const statuses: HandoffStatus[] = [];
    let ratingAsked = false;
    visitor.socket.on('handoff', (s) => statuses.push(s));
    visitor.socket.on('csat:request', () => (ratingAsked = true));
    await call(visitor.socket, 'message:send', { clientId: 'q1', text: '课程可以退款吗' });
    await until('the answer', () => visitor.messages.find((m) => m.type === 'bot-answer'));
    const closed = await until('the close', () => visitor.messages.find((m) => m.type === 'system' && m.event === 'closed'), 50, 15_000);
    expect(closed.type === 'system' && closed.text).toContain('会话已自动结束');
    expect(statuses.at(-1)?.state).toBe('closed');
    expect(ratingAsked).toBe(false);
    const next = await call<{ message: ChatMessage }>(visitor.socket, 'message:send', { clientId: 'q2', text: '怎么预约试听课' });
    expect(next.ok && next.message.conversationId).not.toBe(visitor.session.conversationId);
    visitor.socket.close();
  });

  it('leaves a conversation alone while someone writes in it', async () => {
    const visitor = await connectVisitor(server.url);
    for (let i = 0; i < 10; i++) {
      await call(visitor.socket, 'message:send', { clientId: `busy-${i}`, text: `你好 ${i}` });
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(visitor.messages.some((m) => m.type === 'system' && m.event === 'closed')).toBe(false);
    visitor.socket.close();
  });

  it('closes a quiet conversation with an agent and frees the agent, but lets a queued visitor wait', async () => {
    const served = await connectVisitor(server.url);
    await call(served.socket, 'handoff:request', {});
    await until('assigned to the agent', () => updates.find((c) => c.id === served.session.conversationId && c.state === 'agent'));
    await call(agent, 'presence:set', { status: 'away' });
    const waiting = await connectVisitor(server.url);
    await call(waiting.socket, 'handoff:request', {});
    await until('the close of the served conversation', () => updates.find((c) => c.id === served.session.conversationId && c.state === 'closed'), 50, 15_000);
    await new Promise((resolve) => setTimeout(resolve, IDLE.agentMs + 3 * IDLE.sweepMs));
    const queue = (await call<{ conversation: ConversationSummary }>(agent, 'conversation:open', { conversationId: waiting.session.conversationId })) as unknown as { conversation: ConversationSummary };
    expect(queue.conversation.state).toBe('queued');
    // The agent carries no conversation any more.
    const presence = new Promise<AgentPresence[]>((resolve) => agent.once('agents', resolve));
    await call(agent, 'presence:set', { status: 'away' });
    expect((await presence).find((a) => a.name === 'Demo Agent')?.activeConversations).toBe(0);
    served.socket.close();
    waiting.socket.close();
  });
});
