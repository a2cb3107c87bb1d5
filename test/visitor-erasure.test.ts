import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectAgent, connectVisitor, loginAgent, until, untilAssigned } from './support/clients.ts';
import { PNG } from './support/files.ts';
import { dropSchema, POSTGRES_URL } from './support/postgres.ts';

const KB = new URL('../examples/demo/kb.jsonl', import.meta.url).pathname;

describe('erasing a visitor on request (PostgreSQL)', () => {
  const schema = `erase_${randomBytes(4).toString('hex')}`;
  let server: RunningServer;
  let jwt: string;
  let db: pg.Client;
  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: KB, databaseUrl: POSTGRES_URL, databaseSchema: schema, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    jwt = await loginAgent(server.url);
    db = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await server?.close();
    await dropSchema(schema);
  });

  const erase = async (visitorId: string, token = jwt) => {
    const response = await fetch(`${server.url}/api/visitors/${visitorId}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as { erased?: Record<string, number>; error?: { code: string } } };
  };
  const rows = async (visitorId: string) => {
    const counts = await db.query<Record<string, string>>(
      `select (select count(*) from visitors where id = $1) as visitors, (select count(*) from conversations where visitor_id = $1) as conversations,
              (select count(*) from messages m join conversations c on c.id = m.conversation_id where c.visitor_id = $1) as messages,
              (select count(*) from left_messages where visitor_id = $1) as left_messages`, [visitorId]);
    return Object.fromEntries(Object.entries(counts.rows[0]!).map(([k, v]) => [k, Number(v)]));
  };

  it('removes their conversations, messages, files, votes and left messages, disconnects them, and touches no one else', async () => {
    const visitor = await connectVisitor(server.url);
    const other = await connectVisitor(server.url);
    await call(other.socket, 'message:send', { clientId: 'o1', text: '课程可以退款吗' });
    await call(visitor.socket, 'message:send', { clientId: 'v1', text: '课程可以退款吗' });
    const answer = await until('the answer', () => visitor.messages.find((m) => m.type === 'bot-answer'));
    await call(visitor.socket, 'feedback', { messageId: answer.id, helpful: true });
    await call(visitor.socket, 'leave-message', { contact: '13800000000', text: '请回电' });
    const upload = await fetch(`${server.url}/api/visitor/files`, { method: 'POST', headers: { 'x-visitor-token': visitor.session.visitorToken, 'x-client-id': 'f1' }, body: new Blob([new Uint8Array(PNG)]) });
    const file = ((await upload.json()) as { message: ChatMessage & { file: { id: string } } }).message.file;
    // The bot answers a file after the upload's response: count once its reply is stored too.
    await until('the bot\'s reply to the file', () => visitor.messages.find((m) => m.type === 'bot-fallback' && m.reason === 'file'));
    const visitorId = visitor.session.visitorId;
    const before = await rows(visitorId);
    expect(before).toMatchObject({ visitors: 1, conversations: 1, left_messages: 1 });

    const disconnected = new Promise<string>((resolve) => visitor.socket.once('disconnect', resolve));
    const { status, body } = await erase(visitorId);
    expect(status).toBe(200);
    expect(body.erased).toEqual({ conversations: 1, messages: before['messages'], files: 1, leftMessages: 1 });
    expect(await disconnected).toBe('io server disconnect');
    expect(await rows(visitorId)).toEqual({ visitors: 0, conversations: 0, messages: 0, left_messages: 0 });
    expect((await fetch(`${server.url}/api/files/${file.id}`)).status).toBe(404);
    expect((await db.query('select count(*) as n from feedback where message_id = $1', [answer.id])).rows[0].n).toBe('0');
    // Their token is gone: coming back makes a new visitor.
    const back = await connectVisitor(server.url, { visitorToken: visitor.session.visitorToken });
    expect(back.session.visitorId).not.toBe(visitorId);
    back.socket.close();
    // The other visitor keeps everything.
    expect(await rows(other.session.visitorId)).toMatchObject({ visitors: 1, conversations: 1 });
    other.socket.close();
  });

  it('refuses while an agent serves them, for non-admins and for unknown visitors', async () => {
    const visitor = await connectVisitor(server.url);
    await call(visitor.socket, 'handoff:request', {});
    const busy = await erase(visitor.session.visitorId);
    expect([busy.status, busy.body.error?.code]).toEqual([409, 'VISITOR_IN_SERVICE']);
    expect((await rows(visitor.session.visitorId))['conversations']).toBe(1);
    const agent = await connectAgent(server.url, jwt);
    // The agent coming online is assigned the waiting visitor; closing before that lands would race it.
    await untilAssigned(agent, visitor.session.conversationId, 'the waiting visitor assigned to the agent');
    expect((await call(agent, 'conversation:close', { conversationId: visitor.session.conversationId })).ok).toBe(true);
    agent.close();

    const created = await fetch(`${server.url}/api/agents`, { method: 'POST', headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'plain@example.com', name: 'Plain', password: 'plain-pass' }) });
    expect(created.status).toBe(200);
    const plain = await erase(visitor.session.visitorId, await loginAgent(server.url, 'plain@example.com', 'plain-pass'));
    expect([plain.status, plain.body.error?.code]).toEqual([403, 'FORBIDDEN']);
    expect((await erase(visitor.session.visitorId)).status).toBe(200);
    const unknown = await erase('no-such-visitor');
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'NOT_FOUND']);
    visitor.socket.close();
  });
});
