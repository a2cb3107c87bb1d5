import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ConversationDetail, ConversationSummary, HandoffStatus, VisitorSession } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectAgent, connectVisitor, loginAgent, until, untilAssigned } from './support/clients.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;

describe('server: visitors, bot, hand-off and agents over real socket.io', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
  });
  afterAll(async () => server.close());

  it('answers a visitor through the bot, storing the message before acknowledging it', async () => {
    const { socket, messages } = await connectVisitor(server.url);
    const ack = await call<{ message: ChatMessage }>(socket, 'message:send', { clientId: 'q1', text: '课程可以退宽吗' });
    expect(ack).toMatchObject({ ok: true, message: { type: 'visitor-text', text: '课程可以退宽吗', seq: 1 } });
    const answer = await until('the bot answer', () => messages.find((m) => m.type === 'bot-answer'));
    expect(answer).toMatchObject({ entryId: 'refund' });
    // The same clientId again is not stored twice.
    const again = await call<{ message: ChatMessage }>(socket, 'message:send', { clientId: 'q1', text: '课程可以退宽吗' });
    expect(again.ok && again.message.id).toBe(ack.ok && ack.message.id);
    socket.close();
  });

  it('replies to small talk without an FAQ answer and keeps the topic for a follow-up', async () => {
    const { socket, messages } = await connectVisitor(server.url);
    await call(socket, 'message:send', { clientId: 's1', text: '一对一课程多少钱' });
    await until('the price answer', () => messages.find((m) => m.type === 'bot-answer' && m.entryId === 'price-one-on-one'));
    // Three small-talk turns in between (six messages) do not push the price answer out of the bot's history.
    for (const [i, [text, intent]] of [['谢谢', 'thanks'], ['你是谁', 'who-are-you'], ['你好', 'greeting']].entries()) {
      expect(await call(socket, 'message:send', { clientId: `s2-${i}`, text })).toMatchObject({ ok: true });
      const reply = await until(`the reply to ${text}`, () => messages.filter((m) => m.type === 'bot-small-talk')[i]);
      expect(reply).toMatchObject({ intent });
    }
    expect(await call(socket, 'message:send', { clientId: 's3', text: '那小班课呢' })).toMatchObject({ ok: true });
    const followUp = await until('the follow-up answer', () => messages.filter((m) => m.type === 'bot-answer')[1]);
    expect(followUp).toMatchObject({ entryId: 'price-small-class' });
    socket.close();

    // And a follow-up that names no topic at all: "多久能收到" after the invoice answer is about the invoice.
    const again = await connectVisitor(server.url);
    for (const [i, text] of ['怎么开发票', '谢谢', '你是谁', '你好'].entries()) {
      await call(again.socket, 'message:send', { clientId: `i${i}`, text });
      await until(`the reply to ${text}`, () => again.messages.filter((m) => m.type.startsWith('bot')).length === i + 1);
    }
    await call(again.socket, 'message:send', { clientId: 'i4', text: '多久能收到' });
    const then = await until('the follow-up answer', () => again.messages.filter((m) => m.type === 'bot-answer')[1]);
    expect(then).toMatchObject({ entryId: 'invoice' });
    again.socket.close();
  });

  it('restores the conversation for a returning visitor token, with the history', async () => {
    const first = await connectVisitor(server.url);
    await call(first.socket, 'message:send', { clientId: 'a', text: '怎么开发票' });
    await until('bot answer', () => first.messages.some((m) => m.type === 'bot-answer'));
    first.socket.close();
    const back = await connectVisitor(server.url, { visitorToken: first.session.visitorToken });
    expect(back.session.conversationId).toBe(first.session.conversationId);
    const history = await call<{ messages: ChatMessage[] }>(back.socket, 'history', {});
    expect(history.ok && history.messages.map((m) => m.type)).toEqual(['visitor-text', 'bot-answer']);
    const missed = await call<{ messages: ChatMessage[] }>(back.socket, 'history', { afterSeq: 1 });
    expect(missed.ok && missed.messages.map((m) => m.seq)).toEqual([2]);
    back.socket.close();
  });

  it('hands a visitor to an agent who replies, then returns them to the bot', async () => {
    const visitor = await connectVisitor(server.url, { page: '/pricing', language: 'zh-CN' });
    const statuses: HandoffStatus[] = [];
    visitor.socket.on('handoff', (s) => statuses.push(s));
    await call(visitor.socket, 'message:send', { clientId: 'h1', text: '转人工' });
    await until('queued status', () => statuses.find((s) => s.state === 'queued' && s.position === 1));

    const agent = await connectAgent(server.url, await loginAgent(server.url));
    // An online agent with room gets the queued conversation automatically.
    await untilAssigned(agent, visitor.session.conversationId, 'assignment');
    await until('agent name shown to the visitor', () => statuses.find((s) => s.state === 'agent' && s.agentName));

    const detail = await call<ConversationDetail>(agent, 'conversation:open', { conversationId: visitor.session.conversationId });
    expect(detail.ok && detail.conversation.visitor).toMatchObject({ channel: 'web', page: '/pricing', language: 'zh-CN' });
    expect(detail.ok && detail.messages.some((m) => m.type === 'visitor-text' && m.text === '转人工')).toBe(true);
    expect(detail.ok && detail.suggestedAnswers).toEqual([]); // "转人工" asks nothing the bot could suggest an answer to

    // While an agent owns the conversation the bot stays silent. The bot's suggestions for the agent answer
    // the visitor's last question, not a later "人工客服！".
    await call(visitor.socket, 'message:send', { clientId: 'h2', text: '课程可以退款吗' });
    await call(visitor.socket, 'message:send', { clientId: 'h2b', text: '人工客服！' });
    const asked = await call<ConversationDetail>(agent, 'conversation:open', { conversationId: visitor.session.conversationId });
    expect(asked.ok && asked.suggestedAnswers[0]?.entryId).toBe('refund');
    const note = await call(agent, 'conversation:note', { conversationId: visitor.session.conversationId, clientId: 'n1', text: 'VIP customer' });
    expect(note.ok).toBe(true);
    const reply = await call(agent, 'conversation:reply', { conversationId: visitor.session.conversationId, clientId: 'r1', text: '您好，我来帮您处理退款。' });
    expect(reply.ok).toBe(true);
    await until('agent reply at the visitor', () => visitor.messages.find((m) => m.type === 'agent-text' && m.text === '您好，我来帮您处理退款。'));
    expect(visitor.messages.some((m) => m.type === 'bot-answer')).toBe(false);
    expect(visitor.messages.some((m) => m.type === 'note')).toBe(false);

    expect((await call(agent, 'conversation:return-to-bot', { conversationId: visitor.session.conversationId })).ok).toBe(true);
    await call(visitor.socket, 'message:send', { clientId: 'h3', text: '怎么预约试听课' });
    await until('bot answering again', () => visitor.messages.find((m) => m.type === 'bot-answer' && m.entryId === 'trial'));
    agent.close();
    visitor.socket.close();
  });

  it('asks a visitor who was away when their hand-off closed to rate it on coming back, until they rate it', async () => {
    const visitor = await connectVisitor(server.url);
    expect(visitor.session.ratingOwed).toBeUndefined();
    expect((await call(visitor.socket, 'handoff:request', {})).ok).toBe(true);
    const token = visitor.session.visitorToken;
    visitor.socket.close();
    const agent = await connectAgent(server.url, await loginAgent(server.url));
    expect((await call(agent, 'conversation:close', { conversationId: visitor.session.conversationId })).ok).toBe(true);
    agent.close();
    const back = await connectVisitor(server.url, { visitorToken: token });
    expect(back.session).toMatchObject({ visitorId: visitor.session.visitorId, ratingOwed: visitor.session.conversationId, state: 'bot' });
    expect(back.session.conversationId).not.toBe(visitor.session.conversationId);
    expect((await call(back.socket, 'csat', { score: 4 })).ok).toBe(true);
    back.socket.close();
    const again = await connectVisitor(server.url, { visitorToken: token });
    expect(again.session.ratingOwed).toBeUndefined();
    again.socket.close();
    // A conversation that never reached a person is not rated.
    const botOnly = await connectVisitor(server.url);
    await call(botOnly.socket, 'message:send', { clientId: 'b1', text: '课程可以退款吗' });
    botOnly.socket.close();
    expect((await connectVisitor(server.url, { visitorToken: botOnly.session.visitorToken })).session.ratingOwed).toBeUndefined();
  });

  it('queues after repeated unanswered questions and closes with a CSAT request', async () => {
    const visitor = await connectVisitor(server.url);
    const csat = new Promise((resolve) => visitor.socket.once('csat:request', resolve));
    await call(visitor.socket, 'message:send', { clientId: 'x1', text: '火星上的天气怎么样' });
    await until('fallback', () => visitor.messages.find((m) => m.type === 'bot-fallback'));
    await call(visitor.socket, 'message:send', { clientId: 'x2', text: '周杰伦的新歌叫什么' });
    const agent = await connectAgent(server.url, await loginAgent(server.url));
    const updated = await until('hand-off after two unanswered questions', async () => {
      const detail = await call<{ conversation: ConversationSummary }>(agent, 'conversation:open', { conversationId: visitor.session.conversationId });
      return detail.ok && detail.conversation.handoffReason === 'no-answer' && detail.conversation;
    });
    expect(updated.queuedAt).toBeDefined();
    expect((await call(agent, 'conversation:close', { conversationId: visitor.session.conversationId })).ok).toBe(true);
    await csat;
    expect((await call(visitor.socket, 'csat', { score: 5 })).ok).toBe(true);
    const token = await loginAgent(server.url);
    const stats = await (await fetch(`${server.url}/api/stats`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(stats).toMatchObject({ csatAverage: 5 });
    const unanswered = (await (await fetch(`${server.url}/api/unanswered`, { headers: { authorization: `Bearer ${token}` } })).json()) as { text: string }[];
    expect(unanswered.map((u) => u.text)).toContain('火星上的天气怎么样');
    agent.close();
    visitor.socket.close();
  });

  it('refuses bad input with clear errors and loses nothing', async () => {
    const { socket } = await connectVisitor(server.url);
    expect(await call(socket, 'message:send', { text: 'no client id' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await call(socket, 'message:send', { clientId: 'big', text: 'x'.repeat(5000) })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await call(socket, 'message:send', 'not an object')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await call(socket, 'message:send', { clientId: 'reply-to:x', text: 'posing as a bot reply' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/reserved/) } });
    expect(await call(socket, 'feedback', { messageId: 'someone-elses', helpful: true })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const html = await call<{ message: ChatMessage }>(socket, 'message:send', { clientId: 'html', text: '<img src=x onerror=alert(1)>' });
    expect(html.ok && html.message.type === 'visitor-text' && html.message.text).toBe('<img src=x onerror=alert(1)>');
    expect(await call(socket, 'feedback', { messageId: html.ok ? html.message.id : '', helpful: true })).toMatchObject({ ok: false, error: { code: 'FEEDBACK_NOT_ALLOWED' } });
    // Text PostgreSQL cannot hold is made storable, and numbers it cannot hold are refused, never INTERNAL.
    const surrogate = await call<{ message: ChatMessage }>(socket, 'message:send', { clientId: 'lone-surrogate', text: 'abc\uD800def' });
    expect(surrogate.ok && surrogate.message.type === 'visitor-text' && surrogate.message.text).toBe('abc\uFFFDdef');
    for (const afterSeq of [1e308, 2 ** 63]) expect(await call(socket, 'history', { afterSeq })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((await fetch(`${server.url}/api/files/%00`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/files/no-such-file`)).status).toBe(404);
    socket.close();
    await expect(connectAgent(server.url, 'forged.token.value')).rejects.toThrow(/AUTH_BAD_TOKEN/);
    expect((await fetch(`${server.url}/api/conversations`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/conversations`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  });

  it('keeps one visitor out of another visitor\'s conversation', async () => {
    const alice = await connectVisitor(server.url);
    await call(alice.socket, 'message:send', { clientId: 'secret', text: '我的手机号是 13800000000' });
    const mallory = await connectVisitor(server.url, { visitorToken: 'guessing-a-token' });
    expect(mallory.session.conversationId).not.toBe(alice.session.conversationId);
    const history = await call<{ messages: ChatMessage[] }>(mallory.socket, 'history', {});
    expect(history.ok && history.messages.some((m) => 'text' in m && m.text.includes('13800000000'))).toBe(false);
    const aliceMessage = alice.messages.find((m) => m.type === 'visitor-text') ?? (await call<{ messages: ChatMessage[] }>(alice.socket, 'history', {}) as { messages: ChatMessage[] }).messages[0]!;
    expect(await call(mallory.socket, 'feedback', { messageId: aliceMessage.id, helpful: false })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    alice.socket.close();
    mallory.socket.close();
  });

  it('edits the knowledge base live through the admin API', async () => {
    const token = await loginAgent(server.url);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const put = await fetch(`${server.url}/api/knowledge/teachers`, { method: 'PUT', headers, body: JSON.stringify({ questions: ['外教是哪里人', '老师是哪个国家的'], answer: '外教来自英美加澳。' }) });
    expect(put.status).toBe(200);
    const { socket, messages } = await connectVisitor(server.url);
    await call(socket, 'message:send', { clientId: 'kb', text: '外教是哪里人' });
    await until('the new answer', () => messages.find((m) => m.type === 'bot-answer' && m.entryId === 'teachers'));
    const bad = await fetch(`${server.url}/api/knowledge/import`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, body: '{"id":"x","questions":[],"answer":"y"}\n' });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('KB_INVALID');
    socket.close();
  });
});

describe('server: per-visitor rate limit', () => {
  it('answers a burst beyond the limit with RATE_LIMITED and stores only what it acknowledged', async () => {
    const server = await startServer({ port: 0, knowledge: KB, visitorMessagesPerMinute: 30 });
    try {
      const { socket } = await connectVisitor(server.url);
      const acks = await Promise.all(Array.from({ length: 12 }, (_, i) => call<{ message: ChatMessage }>(socket, 'message:send', { clientId: `b${i}`, text: `burst ${i}` })));
      const limited = acks.filter((a) => !a.ok);
      expect(limited.length).toBeGreaterThan(0);
      expect(limited[0]).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
      const history = await call<{ messages: ChatMessage[] }>(socket, 'history', {});
      const visitorTexts = history.ok ? history.messages.filter((m) => m.type === 'visitor-text') : [];
      expect(visitorTexts).toHaveLength(acks.length - limited.length);
      // Votes and left messages (each one queues a webhook) draw on the same limit.
      const answer = await until('a reply to vote on', async () => {
        const later = await call<{ messages: ChatMessage[] }>(socket, 'history', {});
        return later.ok && later.messages.find((m) => m.type.startsWith('bot-'));
      });
      const votes = await Promise.all(Array.from({ length: 12 }, () => call(socket, 'feedback', { messageId: answer.id, helpful: true })));
      expect(votes).toContainEqual({ ok: false, error: expect.objectContaining({ code: 'RATE_LIMITED' }) });
      const left = await Promise.all(Array.from({ length: 12 }, (_, i) => call(socket, 'leave-message', { contact: 'a@example.com', text: `left ${i}` })));
      expect(left).toContainEqual({ ok: false, error: expect.objectContaining({ code: 'RATE_LIMITED' }) });
      socket.close();
    } finally {
      await server.close();
    }
  });
});

describe('server: identity verification, keyword rules, working hours and CSV export', () => {
  it('recognises a verified identity across devices and refuses a forged one', async () => {
    const { identityHmac } = await import('../packages/server/src/auth/identity.ts');
    const secret = 'a-long-enough-identity-secret';
    const server = await startServer({ port: 0, knowledge: KB, identitySecret: secret });
    try {
      const identity = { id: 'user-42', name: '王女士', hmac: identityHmac('user-42', secret) };
      const laptop = await connectVisitor(server.url, { identity });
      await call(laptop.socket, 'message:send', { clientId: 'l1', text: '怎么开发票' });
      const phone = await connectVisitor(server.url, { identity });
      expect(phone.session.conversationId).toBe(laptop.session.conversationId);
      // Signing in on the phone leaves the laptop signed in: its token (also its upload token) still names the visitor.
      const laptopAgain = await connectVisitor(server.url, { visitorToken: laptop.session.visitorToken });
      expect([laptopAgain.session.visitorId, laptopAgain.session.visitorToken]).toEqual([laptop.session.visitorId, laptop.session.visitorToken]);
      laptopAgain.socket.close();
      await expect(connectVisitor(server.url, { identity: { ...identity, hmac: identityHmac('user-43', secret) } })).rejects.toThrow(/IDENTITY_INVALID/);
      laptop.socket.close();
      phone.socket.close();
    } finally {
      await server.close();
    }
  });

  it('hands off on a configured keyword and offers leave-a-message outside working hours', async () => {
    const hour = new Date().getHours();
    const server = await startServer({ port: 0, knowledge: KB, handoff: { handoffKeywords: ['找经理'], workingHours: { from: (hour + 2) % 24, to: (hour + 3) % 24 } } });
    try {
      const { socket } = await connectVisitor(server.url);
      const statuses: HandoffStatus[] = [];
      socket.on('handoff', (s) => statuses.push(s));
      await call(socket, 'message:send', { clientId: 'k1', text: '我要找经理' });
      const queued = await until('queued outside working hours', () => statuses.find((s) => s.state === 'queued'));
      expect(queued.offHours).toBe(true);
      expect(await call(socket, 'leave-message', { contact: '13800000000', text: '请回电' })).toMatchObject({ ok: true });
      socket.close();
    } finally {
      await server.close();
    }
  });

  it('exports conversations as CSV with formula-safe cells, marked UTF-8 for Excel', async () => {
    const server = await startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    try {
      const { socket } = await connectVisitor(server.url);
      await call(socket, 'message:send', { clientId: 'c1', text: '=HYPERLINK("http://evil")' });
      const token = await loginAgent(server.url);
      const file = Buffer.from(await (await fetch(`${server.url}/api/conversations/export?format=csv`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
      expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 for Excel on Chinese Windows
      const csv = file.toString('utf8').slice(1);
      expect(csv.split('\r\n')[0]).toBe('conversation_id,state,channel,handoff_reason,seq,type,sender,created_at,text');
      expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
      socket.close();
    } finally {
      await server.close();
    }
  });
});

describe('server: negative feedback, blocklist and connection limits', () => {
  it('hands off after a "not helpful" vote and records the question', async () => {
    const server = await startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    try {
      const visitor = await connectVisitor(server.url);
      await call(visitor.socket, 'message:send', { clientId: 'f1', text: '怎么开发票' });
      const answer = await until('answer', () => visitor.messages.find((m) => m.type === 'bot-answer'));
      const statuses: HandoffStatus[] = [];
      visitor.socket.on('handoff', (s) => statuses.push(s));
      expect(await call(visitor.socket, 'feedback', { messageId: answer.id, helpful: false })).toMatchObject({ ok: true });
      await until('queued after negative feedback', () => statuses.find((s) => s.state === 'queued'));
      const token = await loginAgent(server.url);
      const unanswered = (await (await fetch(`${server.url}/api/unanswered`, { headers: { authorization: `Bearer ${token}` } })).json()) as { text: string }[];
      expect(unanswered.map((u) => u.text)).toContain('怎么开发票');
      visitor.socket.close();
    } finally {
      await server.close();
    }
  });

  it('learns from "helpful" votes: the pair is listed and the text CNN retrains in the background', async () => {
    const server = await startServer({ port: 0, knowledge: KB, bot: { trainCnn: { epochs: 4, seed: 3 } }, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    try {
      expect(server.bot().info().reranker).toMatch(/^cnn\(/);
      const visitor = await connectVisitor(server.url);
      await call(visitor.socket, 'message:send', { clientId: 'h1', text: '发票怎么开' });
      const answer = await until('answer', () => visitor.messages.find((m) => m.type === 'bot-answer'));
      expect(await call(visitor.socket, 'feedback', { messageId: answer.id, helpful: true })).toMatchObject({ ok: true });
      const token = await loginAgent(server.url);
      const headers = { authorization: `Bearer ${token}` };
      const pairs = (await (await fetch(`${server.url}/api/training-pairs`, { headers })).json()) as { text: string; entryId: string }[];
      expect(pairs).toContainEqual(expect.objectContaining({ text: '发票怎么开', entryId: 'invoice' }));
      const retrain = await fetch(`${server.url}/api/retrain`, { method: 'POST', headers });
      expect(retrain.status).toBe(202);
      expect((await fetch(`${server.url}/api/retrain`, { method: 'POST' })).status).toBe(401);
      await server.bot().trained();
      const again = await server.bot().ask({ text: '发票怎么开' });
      expect(again.kind === 'answer' && again.entryId).toBe('invoice');
      visitor.socket.close();
    } finally {
      await server.close();
    }
  });

  it('refuses a blocked visitor and too many connections from one address', async () => {
    const server = await startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' }, connectionsPerMinutePerIp: 3 });
    try {
      const visitor = await connectVisitor(server.url);
      visitor.socket.close();
      const token = await loginAgent(server.url);
      const blocked = await fetch(`${server.url}/api/visitors/${visitor.session.visitorId}/block`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ blocked: true }) });
      expect(blocked.status).toBe(200);
      await expect(connectVisitor(server.url, { visitorToken: visitor.session.visitorToken })).rejects.toThrow(/VISITOR_BLOCKED/);
      await connectVisitor(server.url).then((v) => v.socket.close());
      await expect(connectVisitor(server.url)).rejects.toThrow(/RATE_LIMITED/);
    } finally {
      await server.close();
    }
  });
});

describe('server: blocking a visitor who is connected or whose network is down', () => {
  it('ends a connected visitor\'s connection at once and refuses one resumed after the block, storing nothing', async () => {
    const server = await startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    try {
      const token = await loginAgent(server.url);
      const block = (visitorId: string) => fetch(`${server.url}/api/visitors/${visitorId}/block`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ blocked: true }) });
      const connected = await connectVisitor(server.url);
      const ended = new Promise<string>((resolve) => connected.socket.once('disconnect', resolve));
      expect((await block(connected.session.visitorId)).status).toBe(200);
      expect(await ended).toBe('io server disconnect');

      // As the widget connects: it reconnects by itself, and socket.io resumes the session within two minutes.
      let visitorToken: string | undefined;
      const socket = io(`${server.url}/visitor`, { auth: (cb) => cb(visitorToken ? { visitorToken } : {}), transports: ['websocket'], forceNew: true, reconnectionDelay: 500, reconnectionDelayMax: 500, randomizationFactor: 0 });
      const session = await new Promise<VisitorSession>((resolve) => socket.once('session', resolve));
      visitorToken = session.visitorToken;
      await call(socket, 'message:send', { clientId: 'before', text: '你好' });
      const agent = await connectAgent(server.url, token);
      const gone = new Promise<void>((resolve) => agent.on('visitor:presence', (p: { visitorId: string; online: boolean }) => p.visitorId === session.visitorId && !p.online && resolve()));
      socket.io.engine.close(); // the network drops
      await gone; // the server has seen it and keeps the session for recovery
      expect((await block(session.visitorId)).status).toBe(200);
      const refused = new Promise<string>((resolve) => socket.on('disconnect', (reason) => reason === 'io server disconnect' && resolve(reason)));
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      expect(socket.recovered).toBe(true);
      const sent = await socket.timeout(5_000).emitWithAck('message:send', { clientId: 'after', text: '我又来了' }).catch(() => ({ ok: false }));
      expect(sent).toMatchObject({ ok: false });
      expect(await refused).toBe('io server disconnect');
      const detail = await call<ConversationDetail>(agent, 'conversation:open', { conversationId: session.conversationId });
      agent.close();
      const texts = (detail.ok ? detail.messages : []).flatMap((m) => (m.type === 'visitor-text' ? [m.text] : []));
      expect(texts).toEqual(['你好']);
      socket.close();
    } finally {
      await server.close();
    }
  });
});

describe('server: typing indicators and read receipts', () => {
  it('relays typing and read both ways between a visitor and their agent, and not from another agent looking in', async () => {
    const server = await startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    try {
      const visitor = await connectVisitor(server.url);
      const token = await loginAgent(server.url);
      const agent = await connectAgent(server.url, token);
      await call(visitor.socket, 'message:send', { clientId: 'human', text: '转人工' });
      await until('the agent serving the visitor', () => visitor.messages.find((m) => m.type === 'system' && m.event === 'assigned'));
      const created = await fetch(`${server.url}/api/agents`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'peek@example.com', name: 'Peek', password: 'password-123' }) });
      expect(created.status).toBe(200);
      const peeker = await connectAgent(server.url, await loginAgent(server.url, 'peek@example.com', 'password-123'));
      const agentSaw: string[] = [];
      agent.on('typing', (t) => agentSaw.push(`typing:${t.conversationId}:${t.typing}`));
      agent.on('read', (r) => agentSaw.push(`read:${r.conversationId}:${r.upToSeq}`));
      const visitorSaw: string[] = [];
      visitor.socket.on('typing', (t) => visitorSaw.push(`typing:${t.from}:${t.typing}`));
      visitor.socket.on('read', (r) => visitorSaw.push(`read:${r.upToSeq}`));
      const id = visitor.session.conversationId;
      visitor.socket.emit('typing', { typing: true });
      visitor.socket.emit('read', { upToSeq: 3 });
      await until('agent sees typing and read', () => agentSaw.includes(`typing:${id}:true`) && agentSaw.includes(`read:${id}:3`));
      peeker.emit('typing', { conversationId: id, typing: true });
      peeker.emit('read', { conversationId: id, upToSeq: 1 });
      agent.emit('typing', { conversationId: id, typing: true });
      agent.emit('read', { conversationId: id, upToSeq: 2 });
      await until('visitor sees typing and read', () => visitorSaw.includes('typing:agent:true') && visitorSaw.includes('read:2'));
      peeker.emit('typing', { conversationId: id, typing: false });
      agent.emit('typing', { conversationId: id, typing: false });
      await until('visitor sees the agent stop', () => visitorSaw.includes('typing:agent:false'));
      expect(visitorSaw.filter((e) => !e.startsWith('typing:bot'))).toEqual(['typing:agent:true', 'read:2', 'typing:agent:false']);
      visitor.socket.close();
      agent.close();
      peeker.close();
    } finally {
      await server.close();
    }
  });
});
