import { createHmac, randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Webhook, WebhookDelivery, WebhookPayload } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer, type ServerOptions } from '../packages/server/src/index.ts';
import { call, connectAgent, connectVisitor, loginAgent, until, type AgentClient } from './support/clients.ts';
import { dropSchema, POSTGRES_URL } from './support/postgres.ts';
import { startWebhookReceiver, type ReceivedRequest } from './support/webhook-receiver.ts';

const KB = new URL('../examples/demo/kb.jsonl', import.meta.url).pathname;
const FAST_RETRIES = { retryDelaysMs: [300, 300], pollMs: 100, timeoutMs: 2000 };

/** What the documentation tells a receiver to compute. */
const expectedSignature = (secret: string, request: ReceivedRequest) => `sha256=${createHmac('sha256', secret).update(`${String(request.headers['x-webhook-timestamp'])}.${request.body}`).digest('hex')}`;
const payloadOf = (request: ReceivedRequest) => JSON.parse(request.body) as WebhookPayload;

describe('webhooks (PostgreSQL, a real receiver on loopback)', () => {
  const schema = `hooks_${randomBytes(4).toString('hex')}`;
  const options: ServerOptions = { port: 0, knowledge: KB, databaseUrl: POSTGRES_URL, databaseSchema: schema, demoAgent: { email: 'demo@example.com', password: 'demo1234' }, webhooks: FAST_RETRIES, publicUrl: 'https://support.example.com/' };
  let server: RunningServer;
  let jwt: string;
  let agent: AgentClient;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const api = async (method: string, path: string, body?: unknown, token: string | null = jwt) => {
    const response = await fetch(`${server.url}${path}`, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> & { error?: { code: string; message: string } } };
  };
  const deliveries = async (id: string) => (await api('GET', `/api/webhooks/${id}/deliveries`)).body as unknown as WebhookDelivery[];
  /** Polls the API gently: the server allows 300 requests a minute per address. */
  const eventually = <T>(what: string, probe: () => Promise<T | undefined | false>) => until(what, probe, 250);

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    server = await startServer(options);
    jwt = await loginAgent(server.url);
    agent = await connectAgent(server.url, jwt);
  });
  afterAll(async () => {
    agent?.close();
    await server?.close();
    await receiver?.close();
    await dropSchema(schema);
  });

  it('refuses bad subscriptions with clear errors and keeps nothing of them', async () => {
    const valid = { url: `${receiver.url}/hook`, events: ['conversation.queued'] };
    expect((await api('POST', '/api/webhooks', valid, null)).status).toBe(401);
    const ftp = await api('POST', '/api/webhooks', { ...valid, url: 'ftp://example.com/x' });
    expect([ftp.status, ftp.body.error?.code]).toEqual([400, 'BAD_REQUEST']);
    expect(ftp.body.error?.message).toContain('http or https');
    expect((await api('POST', '/api/webhooks', { ...valid, url: 'not an address' })).status).toBe(400);
    expect((await api('POST', '/api/webhooks', { ...valid, events: ['conversation.exploded'] })).status).toBe(400);
    expect((await api('POST', '/api/webhooks', { ...valid, events: [] })).status).toBe(400);
    expect((await api('POST', '/api/webhooks', { ...valid, format: 'slack' })).status).toBe(400);
    expect((await api('POST', '/api/webhooks', { ...valid, extra: 1 })).status).toBe(400);
    const unknown = await api('PATCH', '/api/webhooks/nope', { active: false });
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'WEBHOOK_NOT_FOUND']);
    expect((await api('DELETE', '/api/webhooks/nope')).status).toBe(404);
    expect((await api('POST', '/api/webhooks/nope/test')).status).toBe(404);
    const created = await api('POST', '/api/agents', { email: 'li@example.com', name: '小李', password: 'secret-pass' });
    expect(created.status).toBe(200);
    const plainAgent = await loginAgent(server.url, 'li@example.com', 'secret-pass');
    expect((await api('GET', '/api/webhooks', undefined, plainAgent)).status).toBe(403);
    expect((await api('GET', '/api/webhooks')).body).toEqual([]);
  });

  it('tells a signed JSON endpoint about a whole hand-off: messages, queued (with what the visitor asked), assigned, closed, rated, and a left message', async () => {
    const created = await api('POST', '/api/webhooks', { url: `${receiver.url}/crm`, events: ['conversation.queued', 'conversation.assigned', 'conversation.closed', 'conversation.rated', 'message.created', 'left-message.created'] });
    expect(created.status).toBe(201);
    const secret = created.body['secret'] as string;
    const webhook = created.body['webhook'] as Webhook;
    expect(secret.length).toBeGreaterThanOrEqual(24);
    expect(webhook).toMatchObject({ format: 'json', active: true, signed: true });
    expect(JSON.stringify((await api('GET', '/api/webhooks')).body)).not.toContain(secret);

    const visitor = await connectVisitor(server.url);
    const conversationId = visitor.session.conversationId;
    await call(visitor.socket, 'message:send', { clientId: 'q1', text: '课程可以退款吗' });
    await until('the answer', () => visitor.messages.find((m) => m.type === 'bot-answer'));
    await call(visitor.socket, 'handoff:request', {});
    await until('assigned', () => visitor.messages.find((m) => m.type === 'system' && m.event === 'assigned'));
    expect((await call(agent, 'conversation:reply', { conversationId, clientId: 'a1', text: '您好，我来帮您看看退款' })).ok).toBe(true);
    expect((await call(agent, 'conversation:close', { conversationId })).ok).toBe(true);
    await until('the close', () => visitor.messages.find((m) => m.type === 'system' && m.event === 'closed'));
    expect((await call(visitor.socket, 'csat', { score: 4, comment: '挺快的' })).ok).toBe(true);
    expect((await call(visitor.socket, 'leave-message', { contact: '13800000000', text: '请明天回电' })).ok).toBe(true);

    const mine = () => receiver.received.filter((r) => r.path === '/crm');
    await until('the rating and the left message', () => mine().some((r) => payloadOf(r).event === 'conversation.rated') && mine().some((r) => payloadOf(r).event === 'left-message.created'));
    for (const request of mine()) {
      expect(request.headers['x-webhook-signature']).toBe(expectedSignature(secret, request));
      expect(request.headers['x-webhook-id']).toBe(payloadOf(request).id);
      expect(request.headers['x-webhook-event']).toBe(payloadOf(request).event);
    }
    const events = mine().map(payloadOf);
    const queued = events.find((e) => e.event === 'conversation.queued')!;
    expect(queued.data.conversation).toMatchObject({ id: conversationId, state: 'queued', handoffReason: 'visitor-request' });
    expect(queued.data.recentMessages?.map((m) => m.type)).toEqual(['visitor-text', 'bot-answer']);
    expect(events.find((e) => e.event === 'conversation.assigned')?.data.conversation?.state).toBe('agent');
    expect(events.find((e) => e.event === 'conversation.closed')?.data.conversation?.state).toBe('closed');
    expect(events.find((e) => e.event === 'conversation.rated')?.data.rating).toEqual({ score: 4, comment: '挺快的' });
    expect(events.find((e) => e.event === 'left-message.created')?.data.leftMessage).toMatchObject({ contact: '13800000000', text: '请明天回电' });
    const texts = events.filter((e) => e.event === 'message.created').map((e) => e.data.message);
    expect(texts.map((m) => m?.type)).toEqual(expect.arrayContaining(['visitor-text', 'bot-answer', 'system', 'agent-text']));
    expect(texts.find((m) => m?.type === 'agent-text')).toMatchObject({ text: '您好，我来帮您看看退款', conversationId });
    // Each event once: the outbox sent nothing twice.
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect((await deliveries(webhook.id)).every((d) => d.status === 'delivered' && d.attempts === 1 && d.lastStatus === 200)).toBe(true);
    visitor.socket.close();
    await api('DELETE', `/api/webhooks/${webhook.id}`);
  });

  it('retries a delivery the receiver refused, gives up after the last retry, and sends it again on request', async () => {
    const webhook = (await api('POST', '/api/webhooks', { url: `${receiver.url}/flaky`, events: ['conversation.queued'] })).body['webhook'] as Webhook;
    receiver.reply('/flaky', { status: 500, body: 'down for maintenance' });
    const first = await connectVisitor(server.url);
    await call(first.socket, 'handoff:request', {});
    const [recovered] = await eventually('delivered on the second attempt', async () => {
      const list = await deliveries(webhook.id);
      return list[0]?.status === 'delivered' && list;
    });
    expect(recovered).toMatchObject({ attempts: 2, lastStatus: 200 });

    receiver.reply('/flaky', { status: 503 }, { status: 502 }, { status: 500, body: 'still down' });
    const second = await connectVisitor(server.url);
    await call(second.socket, 'handoff:request', {});
    const failed = await eventually('failed after three attempts', async () => (await deliveries(webhook.id)).find((d) => d.status === 'failed'));
    expect(failed).toMatchObject({ attempts: 3, lastStatus: 500 });
    expect(failed.lastError).toContain('still down');
    const retried = await api('POST', `/api/webhooks/${webhook.id}/deliveries/${failed.id}/retry`);
    expect(retried.status).toBe(200);
    await eventually('delivered after the manual retry', async () => (await deliveries(webhook.id)).find((d) => d.id === failed.id && d.status === 'delivered'));
    expect((await api('POST', `/api/webhooks/${webhook.id}/deliveries/${failed.id}/retry`)).status).toBe(404); // delivered: nothing to retry
    for (const v of [first, second]) v.socket.close();
    await api('DELETE', `/api/webhooks/${webhook.id}`);
  });

  it('posts WeCom and signed DingTalk group-robot alerts, and records a robot that refuses', async () => {
    const wecom = (await api('POST', '/api/webhooks', { url: `${receiver.url}/cgi-bin/webhook/send?key=abc`, events: ['conversation.queued'], format: 'wecom' })).body;
    expect(wecom['secret']).toBeUndefined();
    const dingSecret = 'SEC-test-secret-123';
    const ding = (await api('POST', '/api/webhooks', { url: `${receiver.url}/robot/send?access_token=t`, events: ['conversation.queued'], format: 'dingtalk', secret: dingSecret })).body['webhook'] as Webhook;
    expect(ding.signed).toBe(true);
    await call(agent, 'presence:set', { status: 'away' });
    const visitor = await connectVisitor(server.url);
    await call(visitor.socket, 'message:send', { clientId: 'q1', text: '我要投诉你们的老师' });
    await until('the bot reply', () => visitor.messages.find((m) => m.type.startsWith('bot-')));
    await call(visitor.socket, 'handoff:request', {});
    const wecomRequest = await until('the WeCom alert', () => receiver.received.find((r) => r.path.startsWith('/cgi-bin/webhook/send')));
    const wecomBody = JSON.parse(wecomRequest.body) as { msgtype: string; markdown: { content: string } };
    expect(wecomBody.msgtype).toBe('markdown');
    expect(wecomBody.markdown.content).toContain('有访客等待人工客服');
    expect(wecomBody.markdown.content).toContain('我要投诉你们的老师');
    expect(wecomBody.markdown.content).toContain(`https://support.example.com/console#${visitor.session.conversationId}`);
    const dingRequest = await until('the DingTalk alert', () => receiver.received.find((r) => r.path.startsWith('/robot/send')));
    const query = new URL(dingRequest.path, receiver.url).searchParams;
    const sign = createHmac('sha256', dingSecret).update(`${query.get('timestamp')}\n${dingSecret}`).digest('base64');
    expect(query.get('access_token')).toBe('t');
    expect(query.get('sign')).toBe(sign);
    expect((JSON.parse(dingRequest.body) as { markdown: { title: string } }).markdown.title).toContain('有访客等待人工客服');

    receiver.reply('/robot/send', { status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' });
    const ping = await api('POST', `/api/webhooks/${ding.id}/test`);
    expect(ping.body).toMatchObject({ event: 'ping', status: 'failed', attempts: 1, lastStatus: 200 });
    expect(ping.body['lastError']).toContain('sign not match');
    expect((await api('POST', `/api/webhooks/${ding.id}/test`)).body).toMatchObject({ status: 'delivered' });
    await call(agent, 'presence:set', { status: 'online' });
    visitor.socket.close();
  });

  it('keeps undelivered events across a restart and sends them when the receiver is back', async () => {
    const later = await startWebhookReceiver();
    const port = later.port;
    await later.close(); // nothing listens there now
    const webhook = (await api('POST', '/api/webhooks', { url: `http://127.0.0.1:${port}/late`, events: ['left-message.created'] })).body['webhook'] as Webhook;
    const visitor = await connectVisitor(server.url);
    expect((await call(visitor.socket, 'leave-message', { contact: 'wang@example.com', text: '发票什么时候开' })).ok).toBe(true);
    const pending = await eventually('a refused first attempt', async () => (await deliveries(webhook.id)).find((d) => d.lastError !== undefined));
    expect(pending.status).toBe('pending');
    expect(pending.lastError).toBeTruthy();
    visitor.socket.close();
    agent.close();
    await server.close();

    const back = await startWebhookReceiver(port);
    server = await startServer(options);
    jwt = await loginAgent(server.url);
    agent = await connectAgent(server.url, jwt);
    const arrived = await until('the delivery after the restart', () => back.received.find((r) => r.path === '/late'));
    expect(payloadOf(arrived).data.leftMessage).toMatchObject({ contact: 'wang@example.com', text: '发票什么时候开' });
    await back.close();
  });

  it('forgets the deliveries about a visitor who is erased', async () => {
    const webhook = (await api('POST', '/api/webhooks', { url: `${receiver.url}/erase`, events: ['message.created'] })).body['webhook'] as Webhook;
    const visitor = await connectVisitor(server.url);
    await call(visitor.socket, 'message:send', { clientId: 'q1', text: '你们几点上班' });
    await eventually('delivered', async () => (await deliveries(webhook.id)).filter((d) => d.status === 'delivered').length >= 2);
    visitor.socket.close();
    expect((await api('DELETE', `/api/visitors/${visitor.session.visitorId}`)).status).toBe(200);
    const db = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` });
    await db.connect();
    try {
      const left = await db.query('select count(*)::int as n from webhook_deliveries where visitor_id = $1', [visitor.session.visitorId]);
      expect(left.rows[0].n).toBe(0);
    } finally {
      await db.end();
    }
    expect(await deliveries(webhook.id)).toEqual([]);
  });
});
