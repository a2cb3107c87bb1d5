import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ConversationDetail } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectAgent, connectVisitor, loginAgent } from './support/clients.ts';
import { dropSchema, POSTGRES_URL } from './support/postgres.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;
const LENGTH = 1_010;

describe('a conversation of more than 1,000 messages is shown whole', () => {
  const schema = `long_${randomBytes(4).toString('hex')}`;
  let server: RunningServer;
  let jwt: string;
  let conversationId: string;
  let visitorToken: string;

  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: KB, databaseUrl: POSTGRES_URL, databaseSchema: schema, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    jwt = await loginAgent(server.url);
    const visitor = await connectVisitor(server.url);
    conversationId = visitor.session.conversationId;
    visitorToken = visitor.session.visitorToken;
    visitor.socket.close();
    // Written straight into the database: through the socket, the rate limit would take minutes.
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(
      `insert into ${schema}.messages (id, conversation_id, seq, client_id, type, body)
       select 'long-' || n, $1, n, 'L' || n, 'visitor-text', jsonb_build_object('text', 'message ' || n) from generate_series(1, $2::int) n`,
      [conversationId, LENGTH],
    );
    await client.end();
  });
  afterAll(async () => {
    await server?.close();
    await dropSchema(schema);
  });

  const seqs = (messages: ChatMessage[]) => messages.map((m) => m.seq);
  const all = Array.from({ length: LENGTH }, (_, i) => i + 1);

  it('in the agent\'s transcript (conversation:open and GET /api/conversations/:id) and the export', async () => {
    const agent = await connectAgent(server.url, jwt);
    const opened = (await call<ConversationDetail>(agent, 'conversation:open', { conversationId })) as { ok: true } & ConversationDetail;
    expect(seqs(opened.messages)).toEqual(all);
    agent.close();
    const detail = (await (await fetch(`${server.url}/api/conversations/${conversationId}`, { headers: { authorization: `Bearer ${jwt}` } })).json()) as ConversationDetail;
    expect(seqs(detail.messages)).toEqual(all);
    const exported = (await (await fetch(`${server.url}/api/conversations/export`, { headers: { authorization: `Bearer ${jwt}` } })).text()).trim().split('\n').map((line) => JSON.parse(line) as { conversation: { id: string }; messages: ChatMessage[] });
    expect(seqs(exported.find((c) => c.conversation.id === conversationId)!.messages)).toEqual(all);
    const csv = await (await fetch(`${server.url}/api/conversations/export?format=csv`, { headers: { authorization: `Bearer ${jwt}` } })).text();
    expect(csv).toContain(`message ${LENGTH}`);
  });

  it('in the visitor\'s history, a page at a time, each full one saying more follow', async () => {
    const visitor = await connectVisitor(server.url, { visitorToken });
    const pages: { messages: ChatMessage[]; hasMore: boolean }[] = [];
    for (let afterSeq = 0; ; ) {
      const page = (await call<{ messages: ChatMessage[]; hasMore: boolean }>(visitor.socket, 'history', { afterSeq })) as { messages: ChatMessage[]; hasMore: boolean };
      pages.push(page);
      if (!page.hasMore) break;
      afterSeq = page.messages.at(-1)!.seq;
    }
    visitor.socket.close();
    expect(pages.map((p) => [p.messages.length, p.hasMore])).toEqual([[500, true], [500, true], [10, false]]);
    expect(seqs(pages.flatMap((p) => p.messages))).toEqual(all);
  });
});
