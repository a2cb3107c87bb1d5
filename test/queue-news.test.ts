import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffStatus } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectAgent, connectVisitor, loginAgent, until } from './support/clients.ts';
import { dropSchema, POSTGRES_URL, REDIS_URL } from './support/postgres.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;

/** A visitor who asked for a person, with every hand-off status the server pushed to them since. */
async function waitingVisitor(url: string) {
  const visitor = await connectVisitor(url);
  const told: HandoffStatus[] = [];
  visitor.socket.on('handoff', (status) => told.push(status));
  const asked = await call<{ status: HandoffStatus }>(visitor.socket, 'handoff:request', {});
  if (!asked.ok) throw new Error(asked.error.message);
  return { ...visitor, asked: asked.status, told };
}

/**
 * An agent serving one visitor at a time (on `agentNode`) and three visitors asking for a person (on
 * `visitorNode`): the first is served, the other two wait; the waiting ones hear each change.
 */
async function queueMoves(agentNode: string, visitorNode: string): Promise<void> {
  const admin = { authorization: `Bearer ${await loginAgent(agentNode)}`, 'content-type': 'application/json' };
  const created = await fetch(`${agentNode}/api/agents`, { method: 'POST', headers: admin, body: JSON.stringify({ email: 'one-at-a-time@example.com', name: '小李', password: 'pass12345678', maxConversations: 1 }) });
  expect(created.status).toBe(200);
  const agent = await connectAgent(agentNode, await loginAgent(agentNode, 'one-at-a-time@example.com', 'pass12345678'));
  const served = await waitingVisitor(visitorNode);
  // Another node may hear of the agent a moment later: the first visitor is served then.
  await until('the first visitor served', () => served.asked.state === 'agent' || served.told.some((s) => s.state === 'agent'));
  const first = await waitingVisitor(visitorNode);
  const second = await waitingVisitor(visitorNode);
  expect([first.asked.position, second.asked.position]).toEqual([1, 2]);

  expect((await call(agent, 'conversation:close', { conversationId: served.session.conversationId })).ok).toBe(true);
  await until('the second visitor told they are next', () => second.told.find((s) => s.state === 'queued' && s.position === 1));

  expect((await call(agent, 'presence:set', { status: 'offline' })).ok).toBe(true);
  await until('the second visitor told nobody is online', () => second.told.at(-1)?.offHours === true);
  expect((await call(agent, 'presence:set', { status: 'online' })).ok).toBe(true);
  await until('the second visitor told an agent is back', () => second.told.at(-1)?.offHours === false);
  expect(second.told.at(-1)).toMatchObject({ state: 'queued', position: 1 });
  for (const socket of [agent, served.socket, first.socket, second.socket]) socket.close();
}

const demoAgent = { email: 'demo@example.com', password: 'demo1234' };

describe('visitors waiting in the queue hear when it moves', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: KB, demoAgent });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('tells a waiting visitor their new place when the one ahead is taken, that nobody is online when the only agent leaves, and when they are back', () => queueMoves(server.url, server.url));
});

describe('visitors waiting in the queue hear when it moves, on another node than the agent', () => {
  const schema = `queue_news_${randomBytes(6).toString('hex')}`;
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(async () => {
    const node = () => startServer({ port: 0, knowledge: KB, databaseUrl: POSTGRES_URL, databaseSchema: schema, redisUrl: REDIS_URL, jwtSecret: 'queue-news-secret-0123456789', demoAgent });
    a = await node();
    b = await node();
  });
  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await dropSchema(schema);
  });

  it('tells visitors on node B what the agent on node A did', () => queueMoves(a.url, b.url));
});

describe('visitors waiting in the queue hear when the working hours end', () => {
  it('tells a visitor waiting for a full agent, at the minute the hours close, that nobody is working now', async () => {
    const now = new Date();
    const lead = now.getSeconds() > 45 ? 2 : 1; // minutes: time to queue the visitor before the hours close
    const closing = new Date(now.getFullYear(), now.getMonth(), now.getDate(), now.getHours(), now.getMinutes() + lead);
    const workingHours = { from: Math.max(0, now.getHours() - 1), to: now.getHours() + (now.getMinutes() + lead) / 60 };
    const server = await startServer({ port: 0, knowledge: KB, demoAgent, handoff: { workingHours } });
    try {
      const admin = { authorization: `Bearer ${await loginAgent(server.url)}`, 'content-type': 'application/json' };
      expect((await fetch(`${server.url}/api/agents`, { method: 'POST', headers: admin, body: JSON.stringify({ email: 'closing@example.com', name: '小周', password: 'pass12345678', maxConversations: 1 }) })).status).toBe(200);
      const agent = await connectAgent(server.url, await loginAgent(server.url, 'closing@example.com', 'pass12345678'));
      const served = await waitingVisitor(server.url);
      await until('the first visitor served', () => served.asked.state === 'agent' || served.told.some((s) => s.state === 'agent'));
      const waiting = await waitingVisitor(server.url);
      expect(waiting.asked).toMatchObject({ state: 'queued', position: 1, offHours: false });
      await until('the hours closing', () => waiting.told.at(-1)?.offHours === true, 250, 130_000);
      expect(Date.now()).toBeGreaterThanOrEqual(closing.getTime());
      for (const socket of [agent, served.socket, waiting.socket]) socket.close();
    } finally {
      await server.close();
    }
  }, 150_000);
});
