import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { startStickyProxy } from '../examples/cluster/sticky-proxy.ts';
import type { ChatMessage, VisitorSession } from '../packages/protocol/src/index.ts';
import { call, connectAgent, connectVisitor, loginAgent, until } from './support/clients.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;
const QUESTIONS = ['课程可以退款吗', '怎么预约试听课', '可以用支付宝付款吗', '怎么申请退款', '有免费试听课吗'];
const env = {
  DATABASE_URL: process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
  REDIS_URL: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  JWT_SECRET: `drain-test-${randomBytes(8).toString('hex')}`,
  KNOWLEDGE: KB,
  VISITOR_MESSAGES_PER_MINUTE: '6000',
  DRAIN_SECONDS: '1',
};

/** A visitor client that behaves like the widget: it keeps its token across reconnects and resends a message (same clientId) until it is acknowledged. */
function resilientVisitor(url: string, cookie?: string) {
  let token: string | undefined;
  const sessions: VisitorSession[] = [];
  const disconnects: string[] = [];
  const socket: Socket = io(`${url}/visitor`, { auth: (cb) => cb(token ? { visitorToken: token } : {}), transports: ['websocket'], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 400, ...(cookie ? { extraHeaders: { cookie } } : {}) });
  socket.on('session', (session: VisitorSession) => {
    token = session.visitorToken;
    sessions.push(session);
  });
  socket.on('disconnect', (reason) => disconnects.push(reason));
  const send = async (clientId: string, text: string): Promise<void> => {
    for (;;) {
      if (socket.connected && sessions.length > 0) {
        const ack = (await socket.timeout(2000).emitWithAck('message:send', { clientId, text }).catch(() => undefined)) as { ok: boolean } | undefined;
        if (ack?.ok) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return { socket, sessions, disconnects, send };
}

describe('a node stopped with SIGTERM drains', () => {
  const nodes: ServerProcess[] = [];
  let proxy: Server | undefined;
  afterAll(() => {
    for (const node of nodes) node.child.kill('SIGKILL');
    proxy?.close();
  });

  it('closes its connections, the visitors reconnect through the proxy to the other node and lose nothing', async () => {
    const a = await startServerProcess(env);
    const b = await startServerProcess(env);
    nodes.push(a, b);
    proxy = await startStickyProxy([a.url, b.url], 0);
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const agent = await connectAgent(b.url, await loginAgent(b.url));
    const seenByAgent: ChatMessage[] = [];
    agent.on('message', (m: ChatMessage) => seenByAgent.push(m));

    // Without a cookie the proxy alternates, so the visitors are spread over both nodes; two more are pinned
    // to node A by the proxy's cookie, as a browser is, and must still get through to B when A stops.
    const visitors = [...Array.from({ length: 6 }, () => resilientVisitor(proxyUrl)), ...Array.from({ length: 2 }, () => resilientVisitor(proxyUrl, 'chatbot_node=0'))];
    await until('every visitor has a session', () => visitors.every((v) => v.sessions.length === 1));
    const perVisitor = 12;
    let sentByAll = 0;
    // Each visitor fires all its questions at once, so the node is mid-work (stored, acknowledged, the bot
    // still answering) when it is told to stop: the drain must finish that work before closing the store.
    const conversations = visitors.map((visitor, v) =>
      Promise.all(Array.from({ length: perVisitor }, async (_, i) => {
        await visitor.send(`d${v}-${i}`, `${QUESTIONS[i % QUESTIONS.length]} #${v}-${i}`);
        sentByAll++;
      })),
    );
    await until('traffic under way', () => sentByAll >= 6, 1);
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(a.output()).toContain('draining');
    await Promise.all(conversations);

    const moved = visitors.filter((v) => v.disconnects.length > 0);
    expect(moved.length).toBeGreaterThanOrEqual(2);
    expect(moved).toContain(visitors[6]);
    await until('the moved visitors are back', () => moved.every((v) => v.sessions.length === 2));
    for (const visitor of moved) {
      // The node closed the transport (the client reconnects), not a server-side disconnect (it would not).
      expect(visitor.disconnects).toEqual(['transport close']);
      expect(visitor.sessions.length).toBe(2);
      expect(visitor.sessions[1]!.conversationId).toBe(visitor.sessions[0]!.conversationId);
    }
    for (const [v, visitor] of visitors.entries()) {
      visitor.socket.close();
      const check = await connectVisitor(b.url, { visitorToken: visitor.sessions[0]!.visitorToken });
      const history = await until(`visitor ${v} answered`, async () => {
        const result = await call<{ messages: ChatMessage[] }>(check.socket, 'history', {});
        const messages = result.ok ? result.messages : [];
        return messages.filter((m) => m.type.startsWith('bot')).length >= perVisitor && messages;
      });
      const asked = history.filter((m) => m.type === 'visitor-text').map((m) => m.text);
      // Every message exactly once (a resend after the move is recognised by its clientId), each answered once.
      expect(asked.sort()).toEqual(Array.from({ length: perVisitor }, (_, i) => `${QUESTIONS[i % QUESTIONS.length]} #${v}-${i}`).sort());
      expect(history.filter((m) => m.type.startsWith('bot')).length).toBe(perVisitor);
      check.socket.close();
    }
    // The agent on the surviving node saw the moved visitors' last messages live.
    for (const visitor of moved) {
      expect(seenByAgent.some((m) => m.type === 'visitor-text' && m.conversationId === visitor.sessions[0]!.conversationId && m.text?.endsWith(`-${perVisitor - 1}`))).toBe(true);
    }
    agent.close();
  }, 60_000);
});
