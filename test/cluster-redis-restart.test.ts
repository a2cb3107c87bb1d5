import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, HandoffStatus } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectAgent, connectVisitor, loginAgent, until } from './support/clients.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;
const POSTGRES_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A private Redis for this test, so restarting it disturbs no other test. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await until('redis to listen', async () => {
    const probe = spawn('redis-cli', ['-p', String(port), 'ping'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const out = await new Promise<string>((resolve) => {
      let text = '';
      probe.stdout!.on('data', (c: Buffer) => (text += c.toString()));
      probe.on('close', () => resolve(text));
    });
    return out.includes('PONG');
  }, 100);
  return child;
}

describe('Redis restarted under two nodes', () => {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const schema = `redis_restart_${randomBytes(6).toString('hex')}`;
  let redis: ChildProcess;
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(async () => {
    redis = await startRedis(port);
    const node = () => startServer({ port: 0, knowledge: KB, databaseUrl: POSTGRES_URL, databaseSchema: schema, redisUrl: `redis://127.0.0.1:${port}`, jwtSecret: 'redis-restart-secret-0123456789', demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    a = await node();
    b = await node();
  });
  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    redis?.kill('SIGKILL');
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });

  it('resumes cross-node delivery once Redis is back, and the nodes keep serving meanwhile', async () => {
    const agent = await connectAgent(b.url, await loginAgent(b.url));
    const visitor = await connectVisitor(a.url);
    const statuses: HandoffStatus[] = [];
    visitor.socket.on('handoff', (s) => statuses.push(s));
    await call(visitor.socket, 'message:send', { clientId: 'r1', text: '转人工' });
    await until('assigned across nodes', () => statuses.find((s) => s.state === 'agent'));
    const asking = await connectVisitor(b.url);

    redis.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Without Redis each node still stores and acknowledges: nothing is lost, only fan-out waits.
    expect(await call(visitor.socket, 'message:send', { clientId: 'r2', text: '还在吗' })).toMatchObject({ ok: true });
    // The bot still answers: its turn runs without the cross-node lock rather than waiting for Redis.
    expect(await call(asking.socket, 'message:send', { clientId: 'q1', text: '怎么退款' })).toMatchObject({ ok: true });
    await until('the bot answering without Redis', () => asking.messages.find((m: ChatMessage) => m.type === 'bot-answer'), 50, 10_000);
    asking.socket.close();
    redis = await startRedis(port);

    await until('the agent reply reaching the visitor on the other node again', async () => {
      await call(agent, 'conversation:reply', { conversationId: visitor.session.conversationId, clientId: `a${Date.now()}`, text: '在的' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      return visitor.messages.find((m: ChatMessage) => m.type === 'agent-text' && m.text === '在的');
    }, 50, 20_000);
    const history = await call<{ messages: ChatMessage[] }>(visitor.socket, 'history', {});
    expect(history.ok && history.messages.some((m) => m.type === 'visitor-text' && m.text === '还在吗')).toBe(true);
    agent.close();
    visitor.socket.close();
  }, 40_000);
});
