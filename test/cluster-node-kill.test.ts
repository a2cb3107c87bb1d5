import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../packages/protocol/src/index.ts';
import { call, connectVisitor, until } from './support/clients.ts';
import { dropSchema, POSTGRES_URL } from './support/postgres.ts';
import { startServerProcess } from './support/server-process.ts';
import { startServer } from '../packages/server/src/index.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;
const env = {
  DATABASE_URL: POSTGRES_URL,
  REDIS_URL: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  JWT_SECRET: `kill-test-${randomBytes(8).toString('hex')}`,
  KNOWLEDGE: KB,
  VISITOR_MESSAGES_PER_MINUTE: '6000',
};

describe('a node killed with SIGKILL mid-conversation', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
  });

  it('loses no acknowledged message: the visitor carries on through the other node', async () => {
    const a = await startServerProcess(env);
    const b = await startServerProcess(env);
    children.push(a.child, b.child);
    const visitor = await connectVisitor(a.url);
    const acknowledged: string[] = [];
    // Fire messages without waiting, kill the node in the middle, keep what was acknowledged.
    const sends = Array.from({ length: 40 }, (_, i) =>
      call<{ message: ChatMessage }>(visitor.socket, 'message:send', { clientId: `k${i}`, text: `消息 ${i}` }).then((ack) => {
        if (ack.ok) acknowledged.push(`消息 ${i}`);
      }, () => undefined),
    );
    await until('some acknowledged', () => acknowledged.length >= 5);
    a.child.kill('SIGKILL');
    await Promise.race([Promise.allSettled(sends), new Promise((resolve) => setTimeout(resolve, 3000))]);
    visitor.socket.close();
    expect(acknowledged.length).toBeGreaterThanOrEqual(5);

    const back = await connectVisitor(b.url, { visitorToken: visitor.session.visitorToken });
    expect(back.session.conversationId).toBe(visitor.session.conversationId);
    const history = await call<{ messages: ChatMessage[] }>(back.socket, 'history', {});
    const stored = new Set(history.ok ? history.messages.filter((m) => m.type === 'visitor-text').map((m) => m.text) : []);
    for (const text of acknowledged) expect(stored.has(text)).toBe(true);
    // …and the conversation goes on through node B (after so many unanswered messages it waits for a person).
    expect(await call(back.socket, 'message:send', { clientId: 'after', text: '还在吗' })).toMatchObject({ ok: true, message: { text: '还在吗' } });
    back.socket.close();
  });
});

describe('a question acknowledged by a node that died before answering', () => {
  it('is answered when the visitor comes back', async () => {
    const schema = `interrupted_${randomBytes(6).toString('hex')}`;
    const server = await startServer({ port: 0, knowledge: KB, databaseUrl: POSTGRES_URL, databaseSchema: schema });
    const db = new pg.Client({ connectionString: POSTGRES_URL });
    await db.connect();
    try {
      const first = await connectVisitor(server.url);
      first.socket.close();
      // What a node killed between storing (and acknowledging) a question and the bot's turn leaves behind.
      await db.query(`insert into ${schema}.messages (id, conversation_id, seq, client_id, type, body, created_at) values ($1, $2, 1, 'lost', 'visitor-text', $3, now() - interval '1 minute')`, [randomUUID(), first.session.conversationId, JSON.stringify({ text: '课程可以退款吗' })]);
      // Two tabs coming back at the same moment both find the question unanswered; it is answered once.
      const comeBack = () => connectVisitor(server.url, { visitorToken: first.session.visitorToken });
      const [back, twin] = await Promise.all([comeBack(), comeBack()]);
      // The first connection may itself have seen the question (it was inserted while that connection's
      // check ran) and answered it before this one joined the room: the history then holds the answer.
      const answer = await until('the late answer', async () => {
        const history = await call<{ messages: ChatMessage[] }>(back.socket, 'history', {});
        return back.messages.find((m) => m.type === 'bot-answer') ?? (history.ok ? history.messages.find((m) => m.type === 'bot-answer') : undefined);
      });
      expect(answer).toMatchObject({ entryId: 'refund', seq: 2 });
      back.socket.close();
      twin.socket.close();
      // Answered once: coming back again does not answer it twice.
      const again = await comeBack();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const history = await call<{ messages: ChatMessage[] }>(again.socket, 'history', {});
      expect(history.ok && history.messages.map((m) => m.type)).toEqual(['visitor-text', 'bot-answer']);
      again.socket.close();
    } finally {
      await server.close();
      await db.end();
      await dropSchema(schema);
    }
  });
});
