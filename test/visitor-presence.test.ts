import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDetail } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectAgent, connectVisitor, loginAgent, until, type AgentClient } from './support/clients.ts';

const KB = new URL('../examples/demo/kb.jsonl', import.meta.url).pathname;

describe('visitor presence for agents', () => {
  let server: RunningServer;
  let agent: AgentClient;
  let token: string;
  const events: { visitorId: string; online: boolean }[] = [];
  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    token = await loginAgent(server.url);
    agent = await connectAgent(server.url, token);
    agent.on('visitor:presence', (event) => events.push(event));
  });
  afterAll(async () => {
    agent?.close();
    await server?.close();
  });

  const online = async (conversationId: string) => {
    const ack = await call<ConversationDetail>(agent, 'conversation:open', { conversationId });
    return ack.ok ? ack.visitorOnline : undefined;
  };
  const overRest = async (conversationId: string) => ((await (await fetch(`${server.url}/api/conversations/${conversationId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as ConversationDetail).visitorOnline;

  it('tells agents when a visitor comes and when their last tab closes, and says so in the conversation', async () => {
    const tab = await connectVisitor(server.url);
    const { visitorId, visitorToken, conversationId } = tab.session;
    await until('online', () => events.find((e) => e.visitorId === visitorId && e.online));
    expect([await online(conversationId), await overRest(conversationId)]).toEqual([true, true]);

    // A second tab of the same visitor: closing one leaves them online.
    const second = await connectVisitor(server.url, { visitorToken });
    tab.socket.close();
    await until('the first tab closed', () => events.filter((e) => e.visitorId === visitorId).length >= 3);
    expect(events.filter((e) => e.visitorId === visitorId).at(-1)).toEqual({ visitorId, online: true });
    expect(await online(conversationId)).toBe(true);

    second.socket.close();
    await until('offline', () => events.filter((e) => e.visitorId === visitorId).at(-1)?.online === false);
    expect([await online(conversationId), await overRest(conversationId)]).toEqual([false, false]);
  });
});
