import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VisitorVisibleMessage } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectAgent, connectVisitor, loginAgent, untilAssigned, type AgentClient } from './support/clients.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;
type Page = { ok: true; messages: VisitorVisibleMessage[]; hasMore: boolean };

describe('visitor history: everything written to the visitor after a point, across their conversations', () => {
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

  it('returns the rest of a closed conversation and the later ones, never notes, page by page; another visitor\'s conversation is refused', async () => {
    const visitor = await connectVisitor(server.url);
    const first = visitor.session.conversationId;
    await call(visitor.socket, 'handoff:request', {});
    await untilAssigned(agent, first);
    const seen = (await call<Page>(visitor.socket, 'history', {})) as Page;
    const lastSeen = seen.messages.at(-1)!.seq;
    // The widget is away: the agent answers, writes a note and closes; the visitor then starts a new conversation.
    await call(agent, 'conversation:reply', { conversationId: first, clientId: 'answer', text: 'ANSWER WHILE AWAY' });
    await call(agent, 'conversation:note', { conversationId: first, clientId: 'note', text: 'INTERNAL NOTE' });
    expect((await call(agent, 'conversation:close', { conversationId: first })).ok).toBe(true);
    const back = await connectVisitor(server.url, { visitorToken: visitor.session.visitorToken });
    expect(back.session.conversationId).not.toBe(first);
    await call(back.socket, 'message:send', { clientId: 'later', text: 'LATER QUESTION' });

    const all = (await call<Page>(back.socket, 'history', { conversationId: first, afterSeq: lastSeen })) as Page;
    expect(all).toMatchObject({ ok: true, hasMore: false });
    const texts = all.messages.map((m) => ('text' in m ? m.text : m.type));
    expect(texts[0]).toBe('ANSWER WHILE AWAY');
    expect(all.messages.some((m) => m.type === 'system' && m.event === 'closed' && m.conversationId === first)).toBe(true);
    expect(texts).toContain('LATER QUESTION');
    expect(JSON.stringify(all)).not.toContain('INTERNAL NOTE');
    expect(all.messages.filter((m) => m.conversationId === first).every((m) => m.seq > lastSeen)).toBe(true);

    // Two at a time: each page says whether more follow; together they are the whole.
    const paged: VisitorVisibleMessage[] = [];
    for (let from = { conversationId: first, afterSeq: lastSeen }; ; ) {
      const page = (await call<Page>(back.socket, 'history', { ...from, limit: 2 })) as Page;
      paged.push(...page.messages);
      expect(page.messages.length).toBe(page.hasMore ? 2 : page.messages.length);
      if (!page.hasMore) break;
      from = { conversationId: page.messages.at(-1)!.conversationId, afterSeq: page.messages.at(-1)!.seq };
    }
    expect(paged.map((m) => m.id)).toEqual(all.messages.map((m) => m.id));

    const stranger = await connectVisitor(server.url);
    expect(await call(stranger.socket, 'history', { conversationId: first, afterSeq: 0 })).toMatchObject({ ok: false, error: { code: 'CONVERSATION_NOT_FOUND' } });
    for (const socket of [visitor.socket, back.socket, stranger.socket]) socket.close();
  });
});
