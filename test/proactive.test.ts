import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignResult, ChatMessage } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { dropSchema, POSTGRES_URL, REDIS_URL } from './support/postgres.ts';
import { call, connectVisitor, loginAgent, until } from './support/clients.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;
const RULES = { frequencyCap: { count: 2, days: 7 }, quietHours: null, optOutWords: ['退订', 'unsubscribe'], optInWords: ['订阅'] };

describe('proactive messages on two nodes: frequency cap, opt-out, graylist and blocklist under a burst', () => {
  const schema = `proactive_${randomBytes(6).toString('hex')}`;
  let a: RunningServer;
  let b: RunningServer;
  let token: string;
  const api = async <T>(server: RunningServer, path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as T };
  };
  const campaign = (server: RunningServer, extra: Record<string, unknown> = {}) => api<CampaignResult>(server, '/api/proactive/campaigns', { text: '少儿英语暑期班开始报名啦', tags: ['english'], ...extra });
  /** A visitor on node A who asked about English courses, so they carry the "english" tag. */
  const interested = async () => {
    const visitor = await connectVisitor(a.url);
    await call(visitor.socket, 'message:send', { clientId: 'q', text: '少儿英语课程有哪些' });
    await until('the answer', () => visitor.messages.find((m) => m.type === 'bot-answer' && m.entryId === 'english-course'));
    return visitor;
  };
  const proactive = (messages: ChatMessage[]) => messages.filter((m) => m.type === 'proactive');

  beforeAll(async () => {
    const node = () => startServer({ port: 0, knowledge: KB, databaseUrl: POSTGRES_URL, databaseSchema: schema, redisUrl: REDIS_URL, jwtSecret: 'proactive-test-secret-0123456789', demoAgent: { email: 'demo@example.com', password: 'demo1234' }, visitorMessagesPerMinute: 600 });
    a = await node();
    b = await node();
    token = await loginAgent(a.url);
    expect((await api(a, '/api/proactive/rules', RULES, 'PUT')).status).toBe(200);
    expect((await api(a, '/api/knowledge/english-course', { questions: ['少儿英语课程有哪些'], answer: '有自然拼读、口语和阅读三个系列。', tags: ['english'] }, 'PUT')).status).toBe(200);
  });
  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await dropSchema(schema);
  });

  it('reaches each eligible visitor at most the cap, however many campaigns race on both nodes', async () => {
    const reachable = await interested();
    const optedOut = await interested();
    await call(optedOut.socket, 'message:send', { clientId: 'td', text: '退订' });
    await until('the opt-out confirmation', () => optedOut.messages.find((m) => m.type === 'system' && m.event === 'opted-out'));
    expect(optedOut.messages.filter((m) => m.type.startsWith('bot'))).toHaveLength(1); // "退订" was not taken for a question
    // Agents see it in the visitor's context.
    expect((await api<{ conversation: { visitor: { optedOut?: boolean } } }>(a, `/api/conversations/${optedOut.session.conversationId}`)).body.conversation.visitor.optedOut).toBe(true);
    const graylisted = await interested();
    expect((await api(a, `/api/visitors/${graylisted.session.visitorId}/graylist`, { graylisted: true })).status).toBe(200);
    const blocked = await interested();
    expect((await api(a, `/api/visitors/${blocked.session.visitorId}/block`, { blocked: true })).status).toBe(200);
    const offline = await interested();
    offline.socket.close();

    const dry = await campaign(b, { dryRun: true });
    expect(dry.body).toMatchObject({ matched: 5, sent: 1, skipped: { optedOut: 1, graylisted: 1, blocked: 1, offline: 1 } });
    expect(proactive(reachable.messages)).toHaveLength(0);

    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => campaign(i % 2 ? a : b)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const total = (key: keyof CampaignResult['skipped']) => results.reduce((n, r) => n + r.body.skipped[key], 0);
    expect(results.reduce((n, r) => n + r.body.sent, 0)).toBe(2);
    expect(total('frequencyCap')).toBe(18);
    expect([total('optedOut'), total('graylisted'), total('blocked'), total('offline')]).toEqual([20, 20, 20, 20]);
    await until('two proactive messages', () => proactive(reachable.messages).length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(proactive(reachable.messages)).toHaveLength(2);
    for (const visitor of [optedOut, graylisted, blocked]) expect(proactive(visitor.messages)).toHaveLength(0);
    const back = await connectVisitor(a.url, { visitorToken: offline.session.visitorToken });
    const history = await call<{ messages: ChatMessage[] }>(back.socket, 'history', {});
    expect(history.ok && proactive(history.messages)).toEqual([]);
    back.socket.close();

    // Opting back in makes a visitor reachable again.
    await call(optedOut.socket, 'message:send', { clientId: 'dy', text: '订阅' });
    await until('the opt-in confirmation', () => optedOut.messages.find((m) => m.type === 'system' && m.event === 'opted-in'));
    expect((await campaign(a)).body.sent).toBe(1);
    await until('the message after opting in', () => proactive(optedOut.messages).length === 1);
    for (const v of [reachable, optedOut, graylisted, blocked]) v.socket.close();
  });

  it('sends nothing after an opt-out that races a burst of campaigns', async () => {
    const visitor = await interested();
    const sends = Array.from({ length: 10 }, (_, i) => campaign(i % 2 ? a : b));
    const optOut = call<{ message: ChatMessage }>(visitor.socket, 'message:send', { clientId: 'race', text: 'unsubscribe' });
    const [ack] = await Promise.all([optOut, ...sends]);
    expect(ack.ok).toBe(true);
    const optOutSeq = ack.ok ? ack.message.seq : 0;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const history = await call<{ messages: ChatMessage[] }>(visitor.socket, 'history', {});
    const received = history.ok ? proactive(history.messages) : [];
    expect(received.length).toBeLessThanOrEqual(2);
    for (const m of received) expect(m.seq).toBeLessThan(optOutSeq);
    expect((await campaign(a)).body.skipped.optedOut).toBeGreaterThanOrEqual(1);
    visitor.socket.close();
  });

  it('refuses bad rules and bad campaigns clearly, and keeps them for admins', async () => {
    expect((await api<{ error: { code: string } }>(a, '/api/proactive/rules', { ...RULES, quietHours: { from: 21, to: 9, tz: 'Nowhere/City' } }, 'PUT')).body.error.code).toBe('BAD_REQUEST');
    expect((await api(a, '/api/proactive/rules', { ...RULES, frequencyCap: { count: -1, days: 7 } }, 'PUT')).status).toBe(400);
    // A field left out is refused, not stored as 0 (a cap of 0 sends nothing) or as midnight.
    const kept = (await api(a, '/api/proactive/rules')).body;
    for (const blank of [{ frequencyCap: { days: 7 } }, { frequencyCap: { count: null, days: 7 } }, { frequencyCap: { count: 2 } }, { quietHours: { from: 22, tz: 'Asia/Shanghai' } }]) {
      expect((await api<{ error: { code: string } }>(a, '/api/proactive/rules', { ...RULES, ...blank }, 'PUT')).body.error.code).toBe('BAD_REQUEST');
    }
    expect((await api(a, '/api/proactive/rules')).body).toEqual(kept);
    expect((await api(a, '/api/proactive/campaigns', { text: '', tags: [] })).status).toBe(400);
    expect((await api(a, '/api/proactive/campaigns', { text: 'x', tags: [], sendToEveryone: true })).status).toBe(400);
    expect((await api(a, '/api/visitors/nobody/graylist', { graylisted: true })).status).toBe(404);
    await api(a, '/api/agents', { email: 'plain@example.com', name: 'Plain', password: 'plain-pass-1' });
    const plain = await loginAgent(a.url, 'plain@example.com', 'plain-pass-1');
    const refused = await fetch(`${a.url}/api/proactive/campaigns`, { method: 'POST', headers: { authorization: `Bearer ${plain}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x', tags: [] }) });
    expect(refused.status).toBe(403);
    const list = await api<{ id: string; result: CampaignResult }[]>(a, '/api/proactive/campaigns');
    expect(list.body.length).toBeGreaterThanOrEqual(21);
  });
});
