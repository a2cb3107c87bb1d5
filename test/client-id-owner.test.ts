import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectAgent, connectVisitor, loginAgent, untilAssigned, type AgentClient } from './support/clients.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;

describe('a clientId belongs to the sender who used it first', () => {
  let server: RunningServer;
  let agent: AgentClient;
  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    agent = await connectAgent(server.url, await loginAgent(server.url));
  });
  afterAll(async () => {
    agent?.close();
    await server?.close();
  });

  it('refuses a reply, a note or a visitor message reusing another sender\'s clientId, storing nothing and returning nothing of the other message', async () => {
    const visitor = await connectVisitor(server.url);
    const conversationId = visitor.session.conversationId;
    expect(await call(visitor.socket, 'message:send', { clientId: 'v1', text: 'first text' })).toMatchObject({ ok: true });
    await call(visitor.socket, 'handoff:request', {});
    await untilAssigned(agent, conversationId);
    expect(await call(agent, 'conversation:reply', { conversationId, clientId: 'a1', text: 'agent reply' })).toMatchObject({ ok: true });
    expect(await call(agent, 'conversation:note', { conversationId, clientId: 'n1', text: 'INTERNAL NOTE' })).toMatchObject({ ok: true });

    // Another sender's clientId: refused, whoever sends it.
    const taken = { ok: false, error: { code: 'CLIENT_ID_TAKEN' } };
    expect(await call(agent, 'conversation:reply', { conversationId, clientId: 'v1', text: 'reply reusing the visitor\'s id' })).toMatchObject(taken);
    expect(await call(agent, 'conversation:note', { conversationId, clientId: 'a1', text: 'note reusing the reply\'s id' })).toMatchObject(taken);
    const noteId = await call(visitor.socket, 'message:send', { clientId: 'n1', text: 'visitor reusing the note\'s id' });
    expect(noteId).toMatchObject(taken);
    expect(JSON.stringify(noteId)).not.toContain('INTERNAL NOTE');
    expect(await call(visitor.socket, 'message:send', { clientId: 'a1', text: 'visitor reusing the reply\'s id' })).toMatchObject(taken);

    // The same sender and kind again is a resend: the first copy.
    expect(await call(visitor.socket, 'message:send', { clientId: 'v1', text: 'first text' })).toMatchObject({ ok: true, message: { type: 'visitor-text', text: 'first text', seq: 1 } });
    expect(await call(agent, 'conversation:reply', { conversationId, clientId: 'a1', text: 'agent reply' })).toMatchObject({ ok: true, message: { type: 'agent-text', text: 'agent reply' } });

    const detail = (await call<{ messages: ChatMessage[] }>(agent, 'conversation:open', { conversationId })) as { messages: ChatMessage[] };
    const texts = detail.messages.filter((m) => 'text' in m && m.type !== 'system').map((m) => (m as { text: string }).text);
    expect(texts.filter((t) => /reusing/.test(t))).toEqual([]);
    expect(visitor.messages.some((m) => (m.type as string) === 'note')).toBe(false);
    visitor.socket.close();
  });
});
