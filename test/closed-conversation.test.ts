import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffStatus } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectAgent, connectVisitor, loginAgent, until } from './support/clients.ts';
import { dropSchema, POSTGRES_URL } from './support/postgres.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;
const demoAgent = { email: 'demo@example.com', password: 'demo1234' };

/** A visitor served by the demo agent, in a conversation the agent then closes. */
async function servedVisitor(url: string) {
  const agent = await connectAgent(url, await loginAgent(url));
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
