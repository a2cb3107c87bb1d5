import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../packages/protocol/src/index.ts';
import { call, connectVisitor, until } from './support/clients.ts';
import { startServerProcess } from './support/server-process.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;
const env = {
  DATABASE_URL: process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
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
