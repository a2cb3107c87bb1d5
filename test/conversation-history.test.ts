import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationSearchResult } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectAgent, connectVisitor, loginAgent, until, untilAssigned, type AgentClient } from './support/clients.ts';
import { dropSchema, POSTGRES_URL } from './support/postgres.ts';

const KB = new URL('../examples/demo/kb.jsonl', import.meta.url).pathname;

describe('conversation history search (PostgreSQL)', () => {
  const schema = `history_${randomBytes(4).toString('hex')}`;
  let server: RunningServer;
  let jwt: string;
  let agent: AgentClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: KB, databaseUrl: POSTGRES_URL, databaseSchema: schema, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    jwt = await loginAgent(server.url);
    agent = await connectAgent(server.url, jwt);
    // A web visitor the bot answered; a WeChat-like visitor handed off, served, closed and rated 2; one still queued.
    const answered = await connectVisitor(server.url);
    await call(answered.socket, 'message:send', { clientId: 'h1', text: '课程可以退款吗' });
    await until('the answer', () => answered.messages.find((m) => m.type === 'bot-answer'));
    ids['answered'] = answered.session.conversationId;
    const rated = await connectVisitor(server.url, { channel: 'wechat' });
    await call(rated.socket, 'message:send', { clientId: 'h2', text: '转人工 我的订单 100%_off 有问题' });
    await untilAssigned(agent, rated.session.conversationId);
    await call(agent, 'conversation:reply', { conversationId: rated.session.conversationId, clientId: 'r1', text: '您好，请提供订单号' });
    await call(agent, 'conversation:close', { conversationId: rated.session.conversationId });
    expect((await call(rated.socket, 'csat', { score: 2, comment: '太慢了' })).ok).toBe(true);
    ids['rated'] = rated.session.conversationId;
    await call(agent, 'presence:set', { status: 'away' });
    const waiting = await connectVisitor(server.url, { group: '售后' });
    await call(waiting.socket, 'handoff:request', {});
    ids['waiting'] = waiting.session.conversationId;
    for (const v of [answered, rated, waiting]) v.socket.close();
  });
  afterAll(async () => {
    agent?.close();
    await server?.close();
    await dropSchema(schema);
  });

  const search = async (query: string) => {
    const response = await fetch(`${server.url}/api/conversations/search?${query}`, { headers: { authorization: `Bearer ${jwt}` } });
    return { status: response.status, body: (await response.json()) as ConversationSearchResult & { error?: { code: string; message: string } } };
  };
  const found = async (query: string) => (await search(query)).body.conversations.map((c) => c.id);

  it('lists conversations newest first with their rating, and filters them', async () => {
    const all = await search('');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    expect(all.body.conversations.map((c) => c.id)).toEqual([ids['waiting'], ids['rated'], ids['answered']]);
    expect(all.body.conversations[1]).toMatchObject({ state: 'closed', csat: 2, csatComment: '太慢了', handoffReason: 'visitor-request', visitor: { channel: 'wechat' } });
    expect(Date.parse(all.body.conversations[2]!.createdAt)).toBeLessThanOrEqual(Date.parse(all.body.conversations[0]!.createdAt));

    expect(await found('state=closed')).toEqual([ids['rated']]);
    expect(await found('state=queued')).toEqual([ids['waiting']]);
    expect(await found('channel=wechat')).toEqual([ids['rated']]);
    expect(await found('reason=visitor-request')).toEqual([ids['waiting'], ids['rated']]);
    expect(await found('csatAtMost=3')).toEqual([ids['rated']]);
    expect(await found(`group=${encodeURIComponent('售后')}`)).toEqual([ids['waiting']]);
    expect(await found(`group=${encodeURIComponent('售前')}`)).toEqual([]);
    expect(await found(`q=${encodeURIComponent('退款')}`)).toEqual([ids['answered']]);
    // Wildcards in the text are plain characters.
    expect(await found(`q=${encodeURIComponent('100%_off')}`)).toEqual([ids['rated']]);
    expect(await found(`q=${encodeURIComponent('%')}`)).toEqual([ids['rated']]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await found(`from=${today}&to=${today}`)).toHaveLength(3);
    expect(await found('to=2020-01-01')).toEqual([]);
  });

  it('pages through results and finds a visitor\'s earlier conversations', async () => {
    const first = await search('limit=2');
    const second = await search('limit=2&offset=2');
    expect([first.body.total, second.body.total]).toEqual([3, 3]);
    expect([...first.body.conversations, ...second.body.conversations].map((c) => c.id)).toEqual([ids['waiting'], ids['rated'], ids['answered']]);
    const rated = (await search('channel=wechat')).body.conversations[0]!;
    expect(await found(`visitorId=${rated.visitor.visitorId}`)).toEqual([ids['rated']]);
  });

  it('refuses bad filters with a clear 400 and strangers with a 401', async () => {
    for (const query of ['from=2025-02-30', 'tz=Mars/Base', 'from=2025-03-02&to=2025-03-01', 'limit=1000', 'state=lost', 'colour=blue', 'csatAtMost=9']) {
      const { status, body } = await search(query);
      expect({ query, status, code: body.error?.code }).toEqual({ query, status: 400, code: 'BAD_REQUEST' });
    }
    expect((await fetch(`${server.url}/api/conversations/search`)).status).toBe(401);
  });

  it('changes the bot only once the store has kept a knowledge change: an import is one transaction', async () => {
    const db = new pg.Client({ connectionString: POSTGRES_URL });
    await db.connect();
    const admin = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json', ...init.headers } });
    try {
      // The database refuses the second entry's write, after the first one's.
      await db.query(`set search_path to ${schema}`);
      await db.query("create function refuse_second() returns trigger language plpgsql as $$ begin if new.id = 'second' then raise exception 'refused by the test'; end if; return new; end $$");
      await db.query('create trigger refuse_second before insert or update on knowledge_entries for each row execute function refuse_second()');
      const jsonl = ['{"id": "first", "questions": ["第一个问题是什么"], "answer": "一"}', '{"id": "second", "questions": ["第二个问题是什么"], "answer": "二"}', '{"id": "third", "questions": ["第三个问题是什么"], "answer": "三"}'].join('\n');
      expect((await admin('/api/knowledge/import?format=jsonl', { method: 'POST', body: jsonl, headers: { 'content-type': 'application/x-ndjson' } })).status).toBe(500);
      for (const id of ['first', 'second', 'third']) expect((await admin(`/api/knowledge/${id}`)).status).toBe(404);
      expect(server.bot().getEntry('first')).toBeUndefined();
      expect((await admin('/api/knowledge/second', { method: 'PUT', body: JSON.stringify({ questions: ['第二个问题是什么'], answer: '二' }) })).status).toBe(500);
      expect(server.bot().getEntry('second')).toBeUndefined();
    } finally {
      await db.query('drop trigger if exists refuse_second on knowledge_entries').catch(() => undefined);
      await db.end();
    }
  });

  it('takes a rating and lists the newest conversations first behind 500 older ones', async () => {
    const db = new pg.Client({ connectionString: POSTGRES_URL });
    await db.connect();
    try {
      await db.query(`set search_path to ${schema}`);
      await db.query("insert into visitors (id, token_hash, channel) values ('old-visitor', 'old-token-hash', 'web')");
      await db.query(`insert into conversations (id, visitor_id, state, closed_at, created_at)
        select 'old-' || n, 'old-visitor', 'closed', now() - interval '1 day', now() - interval '2 days' from generate_series(1, 500) n`);
    } finally {
      await db.end();
    }
    const visitor = await connectVisitor(server.url);
    await call(visitor.socket, 'message:send', { clientId: 'late', text: '课程可以退款吗' });
    expect((await call(agent, 'conversation:close', { conversationId: visitor.session.conversationId })).ok).toBe(true);
    expect(await call(visitor.socket, 'csat', { score: 4 })).toEqual({ ok: true });
    visitor.socket.close();
    expect(await found('csatAtMost=5')).toEqual([visitor.session.conversationId, ids['rated']]);
    const listed = (await (await fetch(`${server.url}/api/conversations`, { headers: { authorization: `Bearer ${jwt}` } })).json()) as { id: string }[];
    expect(listed.slice(0, 2).map((c) => c.id)).toEqual([visitor.session.conversationId, ids['waiting']]);
  });
});
