import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ConversationDetail, HandoffStatus } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectAgent, connectVisitor, loginAgent, until } from './support/clients.ts';
import { dropSchema, POSTGRES_URL } from './support/postgres.ts';
import { PNG } from './support/files.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;
const demoAgent = { email: 'demo@example.com', password: 'demo1234' };

/** A visitor served by the demo agent, in a conversation the agent then closes. */
async function servedVisitor(url: string, serving?: Awaited<ReturnType<typeof connectAgent>>) {
  const agent = serving ?? (await connectAgent(url, await loginAgent(url)));
  const visitor = await connectVisitor(url);
  const told: HandoffStatus[] = [];
  visitor.socket.on('handoff', (s) => told.push(s));
  await call(visitor.socket, 'handoff:request', {});
  await until('the agent serving the visitor', () => told.find((s) => s.state === 'agent'));
  return { agent, visitor, conversationId: visitor.session.conversationId };
}

function closedConversationChecks(url: () => string) {
  it('answers an agent writing to a closed conversation with CONVERSATION_CLOSED, not "take it first" (which cannot be done)', async () => {
    const { agent, visitor, conversationId } = await servedVisitor(url());
    expect((await call(agent, 'conversation:close', { conversationId })).ok).toBe(true);
    const late = await call(agent, 'conversation:reply', { conversationId, clientId: 'late-1', text: '还有别的问题吗？' });
    expect(late).toMatchObject({ ok: false, error: { code: 'CONVERSATION_CLOSED' } });
    expect((await call(agent, 'conversation:note', { conversationId, clientId: 'note-1', text: '已处理' })).ok).toBe(true);
    agent.close();
    visitor.socket.close();
  });

  it('stores a message sent as the agent closes either before the "closed" line or in the visitor\'s new conversation, where the bot answers it', async () => {
    const agent = await connectAgent(url(), await loginAgent(url()));
    for (let round = 0; round < 15; round++) {
      const { agent: serving, visitor, conversationId } = await servedVisitor(url(), agent);
      const [closed, sent] = await Promise.all([call(serving, 'conversation:close', { conversationId }), new Promise((resolve) => setTimeout(resolve, round % 4)).then(() => call<{ message: ChatMessage }>(visitor.socket, 'message:send', { clientId: `race-${round}`, text: '课程可以退款吗' }))]);
      expect([closed, sent].filter((ack) => !ack.ok)).toEqual([]);
      if (!sent.ok) return;
      const detail = await call<ConversationDetail>(agent, 'conversation:open', { conversationId });
      const closedLine = detail.ok ? detail.messages.find((m) => m.type === 'system' && m.event === 'closed') : undefined;
      if (sent.message.conversationId === conversationId) expect(sent.message.seq, `round ${round}`).toBeLessThan(closedLine!.seq);
      else await until(`round ${round}: the bot's answer in the new conversation`, () => visitor.messages.find((m) => m.clientId === `reply-to:${sent.message.id}`));
      visitor.socket.close();
    }
    agent.close();
  }, 60_000);

  it('takes a message resent after its conversation closed (its acknowledgement lost) for the one stored, not a new question', async () => {
    const { agent, visitor, conversationId } = await servedVisitor(url());
    const first = await call<{ message: ChatMessage }>(visitor.socket, 'message:send', { clientId: 'outbox-1', text: '课程可以退款吗' });
    expect(first.ok).toBe(true);
    expect((await call(agent, 'conversation:close', { conversationId })).ok).toBe(true);
    // The widget reconnects and its outbox sends the message again, with its clientId.
    visitor.socket.close();
    const back = await connectVisitor(url(), { visitorToken: visitor.session.visitorToken });
    const again = await call<{ message: ChatMessage }>(back.socket, 'message:send', { clientId: 'outbox-1', text: '课程可以退款吗' });
    expect(again.ok && first.ok && again.message).toEqual(first.ok && first.message);
    await new Promise((resolve) => setTimeout(resolve, 500)); // a bot answer would be here by now
    const history = await call<{ messages: ChatMessage[] }>(back.socket, 'history', {});
    expect(history.ok && history.messages).toEqual([]);
    expect(back.messages).toEqual([]);
    agent.close();
    back.socket.close();
  });

  it('does the same with a file: sent as the agent closes, it is not left after the "closed" line; resent after, it is the stored one', async () => {
    const agent = await connectAgent(url(), await loginAgent(url()));
    const sendFile = async (token: string, clientId: string) => {
      const response = await fetch(`${url()}/api/visitor/files`, { method: 'POST', headers: { 'content-type': 'image/png', 'x-visitor-token': token, 'x-client-id': clientId, 'x-file-name': 'shot.png' }, body: new Blob([new Uint8Array(PNG)]) });
      return { status: response.status, ...((await response.json()) as { message: ChatMessage }) };
    };
    for (let round = 0; round < 8; round++) {
      const { visitor, conversationId } = await servedVisitor(url(), agent);
      const [, sent] = await Promise.all([call(agent, 'conversation:close', { conversationId }), new Promise((resolve) => setTimeout(resolve, round % 4)).then(() => sendFile(visitor.session.visitorToken, `file-${round}`))]);
      expect(sent.status).toBe(200);
      const detail = await call<ConversationDetail>(agent, 'conversation:open', { conversationId });
      const closedLine = detail.ok ? detail.messages.find((m) => m.type === 'system' && m.event === 'closed') : undefined;
      if (sent.message.conversationId === conversationId) expect(sent.message.seq, `round ${round}`).toBeLessThan(closedLine!.seq);
      const again = await sendFile(visitor.session.visitorToken, `file-${round}`);
      expect(again.message).toEqual(sent.message);
      visitor.socket.close();
    }
    agent.close();
  }, 60_000);
}

describe('a closed conversation (embedded store)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: KB, demoAgent });
  });
  afterAll(async () => {
    await server?.close();
  });
  closedConversationChecks(() => server.url);
});

describe('a closed conversation (PostgreSQL)', () => {
  const schema = `closed_${randomBytes(6).toString('hex')}`;
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: KB, databaseUrl: POSTGRES_URL, databaseSchema: schema, jwtSecret: 'closed-test-secret-0123456789', demoAgent });
  });
  afterAll(async () => {
    await server?.close();
    await dropSchema(schema);
  });
  closedConversationChecks(() => server.url);
});
