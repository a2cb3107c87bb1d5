import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentPresence, ChatMessage, ConversationSummary, HandoffStatus } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { createStore } from '../packages/server/src/store/store.ts';
import { dropSchema, POSTGRES_URL, REDIS_URL } from './support/postgres.ts';
import { call, connectAgent, connectVisitor, loginAgent, until } from './support/clients.ts';
import { startWebhookReceiver } from './support/webhook-receiver.ts';
import { readFile } from 'node:fs/promises';
import { parseFlows } from '../packages/core/src/index.ts';
import { startSlowBookings } from './support/slow-bookings.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;
const FLOWS = new URL('../examples/demo/flows.yaml', import.meta.url).pathname;

describe('two server nodes on one PostgreSQL and Redis', () => {
  const schema = `cluster_${randomBytes(6).toString('hex')}`;
  let a: RunningServer;
  let b: RunningServer;
  let bookings: Awaited<ReturnType<typeof startSlowBookings>>;
  beforeAll(async () => {
    bookings = await startSlowBookings();
    const flows = parseFlows(await readFile(FLOWS, 'utf8')).map((f) => ({ ...f, webhook: { url: bookings.url, timeoutMs: 15_000 } }));
    const node = () => startServer({ port: 0, knowledge: KB, databaseUrl: POSTGRES_URL, databaseSchema: schema, redisUrl: REDIS_URL, clusterReconcileMs: 300, jwtSecret: 'cluster-test-secret-0123456789', demoAgent: { email: 'demo@example.com', password: 'demo1234' }, visitorMessagesPerMinute: 120, bot: { flows } });
    a = await node();
    b = await node();
  });
  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    bookings?.close();
    await dropSchema(schema);
  });

  it('runs one visitor\'s bot turns one at a time across nodes: two tabs on two nodes saying "是" book once', async () => {
    const onA = await connectVisitor(a.url);
    const onB = await connectVisitor(b.url, { visitorToken: onA.session.visitorToken });
    expect(onB.session.conversationId).toBe(onA.session.conversationId);
    const replies = () => onA.messages.filter((m) => m.type === 'bot-flow');
    const answer = async (socket: typeof onA.socket, clientId: string, text: string, step: number) => {
      await call(socket, 'message:send', { clientId, text });
      return until(`flow step ${step}`, () => replies()[step]);
    };
    await answer(onA.socket, 't0', '我要预约试听', 0);
    await answer(onB.socket, 't1', '8岁', 1);
    await answer(onA.socket, 't2', '英语', 2);
    await answer(onB.socket, 't3', '明天', 3);
    const confirm = await answer(onA.socket, 't4', '13812345678', 4);
    expect(confirm.text).toMatch(/^确认/);
    await Promise.all([call(onA.socket, 'message:send', { clientId: 't5', text: '是' }), call(onB.socket, 'message:send', { clientId: 't6', text: '是' })]);
    await until('both yeses answered', () => onA.messages.filter((m) => m.type.startsWith('bot')).length >= 7);
    await new Promise((resolve) => setTimeout(resolve, 500)); // a second booking would be on its way by now
    expect(bookings.booked).toHaveLength(1);
    expect(replies().filter((m) => m.event === 'done')).toHaveLength(1);
    onA.socket.close();
    onB.socket.close();
  });

  it('answers a question its node is still answering, slowly, once, while the visitor is on the other node too: that node waits for its turn and finds the answer', async () => {
    bookings.delayMs = 6_000; // longer than the waiting-questions sweep's 3 s and the turn lock's 5 s lease
    const booked = bookings.booked.length;
    const onA = await connectVisitor(a.url);
    const onB = await connectVisitor(b.url, { visitorToken: onA.session.visitorToken });
    const replies = () => onA.messages.filter((m) => m.type === 'bot-flow');
    try {
      for (const [i, text] of ['我要预约试听', '8岁', '英语', '明天', '13812345678'].entries()) {
        await call(onA.socket, 'message:send', { clientId: `s${i}`, text });
        await until(`flow step ${i}`, () => replies()[i]);
      }
      await call(onA.socket, 'message:send', { clientId: 'yes', text: '是' });
      await until('the booking done', () => replies().find((m) => m.event === 'done'), 50, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 6_000)); // a second turn, started by node B's sweep 3–4 s after the question, would have booked by now
      expect(bookings.booked.length - booked).toBe(1);
      expect(onB.messages.filter((m) => m.type === 'bot-flow' && m.event === 'done')).toHaveLength(1);
    } finally {
      bookings.delayMs = 300;
      onA.socket.close();
      onB.socket.close();
    }
  }, 40_000);

  it('lets a visitor on node A and an agent on node B talk in real time', async () => {
    const agent = await connectAgent(b.url, await loginAgent(b.url));
    const visitor = await connectVisitor(a.url);
    const statuses: HandoffStatus[] = [];
    visitor.socket.on('handoff', (s) => statuses.push(s));
    await call(visitor.socket, 'message:send', { clientId: 'x1', text: '转人工' });
    // Node A assigns to the agent it only knows through node B's presence announcements.
    await until('assigned to the agent on node B', () => statuses.find((s) => s.state === 'agent' && s.agentName === 'Demo Agent'));
    const agentSaw: ChatMessage[] = [];
    agent.on('message', (m: ChatMessage) => agentSaw.push(m));
    await call(visitor.socket, 'message:send', { clientId: 'x2', text: '你好，我想退款' });
    await until('the visitor message reaching node B', () => agentSaw.find((m) => m.type === 'visitor-text' && m.text === '你好，我想退款'));
    const reply = await call(agent, 'conversation:reply', { conversationId: visitor.session.conversationId, clientId: 'r1', text: '好的，我来处理。' });
    expect(reply.ok).toBe(true);
    await until('the agent reply reaching node A', () => visitor.messages.find((m) => m.type === 'agent-text' && m.text === '好的，我来处理。'));
    // Node B sees the visitor connected to node A, and sees them leave.
    const presence: boolean[] = [];
    agent.on('visitor:presence', (p) => p.visitorId === visitor.session.visitorId && presence.push(p.online));
    expect((await call<{ visitorOnline: boolean }>(agent, 'conversation:open', { conversationId: visitor.session.conversationId })) as unknown).toMatchObject({ ok: true, visitorOnline: true });
    await call(agent, 'conversation:close', { conversationId: visitor.session.conversationId });
    visitor.socket.close();
    await until('node B told the visitor left', () => presence.includes(false));
    expect((await call<{ visitorOnline: boolean }>(agent, 'conversation:open', { conversationId: visitor.session.conversationId })) as unknown).toMatchObject({ ok: true, visitorOnline: false });
    agent.close();
  });

  it('queues node A\'s events for a webhook subscribed on node B at once, not when A\'s cached subscriptions expire', async () => {
    const receiver = await startWebhookReceiver();
    const token = await loginAgent(b.url);
    const api = (method: string, path: string, body?: unknown) => fetch(`${b.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const visitor = await connectVisitor(a.url);
    try {
      // Storing this message, node A reads the subscriptions (none for message.created) and keeps them for 10 s.
      await call(visitor.socket, 'message:send', { clientId: 'hook-0', text: '你好' });
      const created = await api('POST', '/api/webhooks', { url: `${receiver.url}/from-b`, events: ['message.created'] });
      expect(created.status).toBe(201);
      const { webhook } = (await created.json()) as { webhook: { id: string } };
      let sent = 0;
      await until(
        'a message on node A delivered to the webhook made on node B',
        async () => {
          await call(visitor.socket, 'message:send', { clientId: `hook-${++sent}`, text: `第${sent}个问题` });
          return receiver.received.find((r) => r.path === '/from-b' && r.body.includes(visitor.session.conversationId));
        },
        250,
        5_000,
      );
      expect((await api('DELETE', `/api/webhooks/${webhook.id}`)).status).toBe(204);
    } finally {
      visitor.socket.close();
      await receiver.close();
    }
  });

  it('does not mix with another deployment on the same Redis (another store): its agents and news stay its own', async () => {
    const otherSchema = `cluster_other_${randomBytes(6).toString('hex')}`;
    const other = await startServer({ port: 0, knowledge: KB, databaseUrl: POSTGRES_URL, databaseSchema: otherSchema, redisUrl: REDIS_URL, jwtSecret: 'cluster-test-secret-0123456789', demoAgent: { email: 'other@example.com', password: 'other1234', name: 'Other Deployment' } });
    try {
      const ours = await connectAgent(a.url, await loginAgent(a.url));
      const lists: { name: string }[][] = [];
      ours.on('agents', (list) => lists.push(list));
      const theirs = await connectAgent(other.url, await loginAgent(other.url, 'other@example.com', 'other1234'));
      await call(theirs, 'presence:set', { status: 'online' });
      await call(ours, 'presence:set', { status: 'online' });
      await until('our presence list', () => lists.length > 0);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(lists.flat().map((agent) => agent.name)).not.toContain('Other Deployment');
      // A visitor queued there is never offered to our agent.
      const visitor = await connectVisitor(other.url);
      const queued: ConversationSummary[][] = [];
      ours.on('queue', (q) => queued.push(q));
      await call(visitor.socket, 'handoff:request', {});
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(queued.flat().map((c) => c.id)).not.toContain(visitor.session.conversationId);
      for (const socket of [ours, theirs, visitor.socket]) socket.close();
    } finally {
      await other.close();
      await dropSchema(otherSchema);
    }
  });

  it('never assigns one conversation twice when agents on two nodes take it at the same moment', async () => {
    const token = await loginAgent(a.url);
    const created = await fetch(`${a.url}/api/agents`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'second@example.com', name: 'Second', password: 'second1234' }) });
    expect(created.status).toBe(200);
    const [first, second] = [await connectAgent(a.url, token), await connectAgent(b.url, await loginAgent(b.url, 'second@example.com', 'second1234'))];
    for (const agent of [first, second]) expect((await call(agent, 'presence:set', { status: 'away' })).ok).toBe(true);
    for (let round = 0; round < 5; round++) {
      const visitor = await connectVisitor(round % 2 ? a.url : b.url);
      await call(visitor.socket, 'message:send', { clientId: `q${round}`, text: '转人工' });
      const id = visitor.session.conversationId;
      await until('queued', async () => ((await call<{ conversation: ConversationSummary }>(first, 'conversation:open', { conversationId: id })) as { conversation?: ConversationSummary }).conversation?.state === 'queued');
      const results = await Promise.all([call(first, 'conversation:take', { conversationId: id }), call(second, 'conversation:take', { conversationId: id })]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      visitor.socket.close();
    }
    first.close();
    second.close();
  });

  it('applies a knowledge-base edit made on node A on node B', async () => {
    const token = await loginAgent(a.url);
    const put = await fetch(`${a.url}/api/knowledge/teachers`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ questions: ['外教是哪里人', '老师是哪个国家的'], answer: '外教来自英美加澳。' }) });
    expect(put.status).toBe(200);
    await until('node B answering with the new entry', async () => {
      const outcome = await b.bot().ask({ text: '外教是哪里人' });
      return outcome.kind === 'answer' && outcome.entryId === 'teachers';
    });
    await fetch(`${a.url}/api/knowledge/teachers`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    await until('node B forgetting it', () => !b.bot().getEntry('teachers'));
  });

  it('applies answer bars saved on node A on node B and on a node started later, until they are forgotten', async () => {
    const token = await loginAgent(a.url);
    const thresholds = (url: string, method = 'GET', body?: unknown) => fetch(`${url}/api/bot/thresholds`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const configured = b.bot().thresholds();
    const strict = { answer: 0.9, suggest: 0.3, margin: 0.05 };
    expect(await (await thresholds(a.url, 'PUT', strict)).json()).toMatchObject({ thresholds: { ...strict, sharedWord: strict.answer }, configured, saved: true });
    await until('node B answering at the saved bars', () => b.bot().thresholds().answer === 0.9);
    // Saved without a shared-word bar: questions sharing a word with their entry need the answer bar too.
    expect(b.bot().thresholds()).toEqual({ ...strict, sharedWord: strict.answer });
    const later = await startServer({ port: 0, knowledge: KB, databaseUrl: POSTGRES_URL, databaseSchema: schema, jwtSecret: 'cluster-test-secret-0123456789' });
    try {
      expect(later.bot().thresholds()).toEqual({ ...strict, sharedWord: strict.answer });
    } finally {
      await later.close();
    }
    expect(await (await thresholds(b.url, 'DELETE')).json()).toMatchObject({ thresholds: configured, saved: false });
    await until('node A back at the configured bars', () => a.bot().thresholds().answer === configured.answer);
  });

  it('rebuilds node B with a synonym table saved on node A, until it is forgotten', async () => {
    const token = await loginAgent(a.url);
    const synonyms = (url: string, method = 'GET', body?: unknown) => fetch(`${url}/api/bot/synonyms`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const refundVia = async (url: string) => {
      const tested = (await (await fetch(`${url}/api/bot/test`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: '怎么把钱拿回来' }) })).json()) as { kind: string; entryId?: string };
      return tested.kind === 'answer' && tested.entryId === 'refund';
    };
    expect(await refundVia(b.url)).toBe(false);
    expect(await (await synonyms(a.url, 'PUT', { text: '退款, 把钱拿回来' })).json()).toMatchObject({ saved: true, groups: [['退款', '把钱拿回来']] });
    expect(await refundVia(a.url)).toBe(true);
    await until('node B answering through the new variant', () => refundVia(b.url), 100);
    expect(await (await synonyms(b.url)).json()).toMatchObject({ text: '退款, 把钱拿回来', saved: true });
    expect(await (await synonyms(b.url, 'DELETE')).json()).toMatchObject({ text: '', saved: false });
    await until('node A reading without it again', async () => !(await refundVia(a.url)), 100);
  });

  it('catches up with changes whose news never came (written to the shared store with no message on the bus)', async () => {
    const store = await createStore({ databaseUrl: POSTGRES_URL, schema });
    try {
      const configured = a.bot().thresholds();
      await store.putKnowledgeEntry({ id: 'missed', questions: ['有没有夏令营'], answer: '暑假有夏令营。' });
      await store.saveThresholds({ answer: 0.8, suggest: 0.3, margin: 0.05 });
      await store.saveSynonyms('退款, 把钱拿回来');
      for (const node of [a, b]) {
        await until('the node holding the entry and the bars', () => node.bot().getEntry('missed') && node.bot().thresholds().answer === 0.8, 50);
        await until('the node reading with the table', async () => (await node.bot().ask({ text: '怎么把钱拿回来' })).candidates[0]?.entryId === 'refund', 50);
      }
      await store.deleteKnowledgeEntry('missed');
      await store.saveThresholds(null);
      await store.saveSynonyms(null);
      for (const node of [a, b]) await until('the node back as before', () => !node.bot().getEntry('missed') && node.bot().thresholds().answer === configured.answer, 50);
    } finally {
      await store.close();
    }
  });

  it('keeps the status an agent chose when their last console closes and they come back on the other node', async () => {
    const token = await loginAgent(a.url);
    const created = await fetch(`${a.url}/api/agents`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'observer@example.com', name: 'Observer', password: 'password-123' }) });
    expect(created.status).toBe(200);
    const observer = await connectAgent(b.url, await loginAgent(b.url, 'observer@example.com', 'password-123'));
    await call(observer, 'presence:set', { status: 'away' }); // gets no visitor meanwhile
    let demo: AgentPresence | undefined | 'gone';
    observer.on('agents', (list) => (demo = list.find((p) => p.name === 'Demo Agent') ?? 'gone'));
    const onA = await connectAgent(a.url, token);
    expect((await call(onA, 'presence:set', { status: 'away' })).ok).toBe(true);
    await until('the agent away', () => typeof demo === 'object' && demo.status === 'away');
    onA.close();
    await until('the agent gone', () => demo === 'gone');
    const onB = await connectAgent(b.url, token);
    await until('the agent back, still away', () => typeof demo === 'object' && demo.status === 'away');
    expect((await call(onB, 'presence:set', { status: 'online' })).ok).toBe(true);
    for (const socket of [onB, observer]) socket.close();
  });
});
