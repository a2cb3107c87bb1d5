import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from './store.ts';
import { enqueueWebhookEvent } from './webhook-queries.ts';
import { AgentAtCapacity } from './patch-conversation.ts';

export const POSTGRES_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

const backends: [string, () => Promise<{ store: Store; cleanup: () => Promise<void> }>][] = [
  ['embedded PGlite', async () => {
    const store = await createStore();
    return { store, cleanup: () => store.close() };
  }],
  ['PostgreSQL on 127.0.0.1:5432', async () => {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const store = await createStore({ databaseUrl: POSTGRES_URL, schema });
    return {
      store,
      cleanup: async () => {
        await store.close();
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        await client.query(`drop schema ${schema} cascade`);
        await client.end();
      },
    };
  }],
];

describe.each(backends)('store contract: %s', (_name, open) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await open());
  });
  afterAll(async () => cleanup());

  it('creates visitors reachable only by their token', async () => {
    const { visitor, token } = await store.createVisitor({ channel: 'web', page: '/pricing', language: 'zh-CN' });
    expect((await store.visitorByToken(token))?.id).toBe(visitor.id);
    expect(await store.visitorByToken('not-a-token')).toBeUndefined();
  });

  it('keeps one open conversation per visitor and numbers messages in order without duplicates', async () => {
    const { visitor } = await store.createVisitor({ channel: 'web' });
    const conversation = await store.currentConversation(visitor.id);
    expect((await store.currentConversation(visitor.id)).id).toBe(conversation.id);
    const first = await store.appendMessage(conversation.id, { type: 'visitor-text', text: '你好', clientId: 'c1' });
    const again = await store.appendMessage(conversation.id, { type: 'visitor-text', text: '你好', clientId: 'c1' });
    expect(again).toEqual({ message: first.message, duplicate: true, announced: 0 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.appendMessage(conversation.id, { type: 'visitor-text', text: `m${i}`, clientId: `p${i}` })));
    const messages = await store.messages(conversation.id);
    expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    expect((await store.messages(conversation.id, 9)).map((m) => m.seq)).toEqual([10, 11]);
  });

  it('takes a repeated clientId as a resend only from the same sender and kind, refusing it otherwise with nothing stored', async () => {
    const { visitor } = await store.createVisitor({ channel: 'web' });
    const conversation = await store.currentConversation(visitor.id);
    const agent = { agentId: 'a1', agentName: 'Ann' };
    await store.appendMessage(conversation.id, { type: 'visitor-text', text: 'hello', clientId: 'v' });
    await store.appendMessage(conversation.id, { type: 'note', text: 'INTERNAL', clientId: 'n', ...agent });
    await store.appendMessage(conversation.id, { type: 'agent-text', text: 'reply', clientId: 'r', ...agent });
    const refused = (draft: Parameters<Store['appendMessage']>[1]) => expect(store.appendMessage(conversation.id, draft)).rejects.toMatchObject({ code: 'CLIENT_ID_TAKEN' });
    await refused({ type: 'agent-text', text: 'x', clientId: 'v', ...agent });
    await refused({ type: 'visitor-text', text: 'x', clientId: 'n' });
    await refused({ type: 'note', text: 'x', clientId: 'r', ...agent });
    await refused({ type: 'agent-text', text: 'x', clientId: 'r', agentId: 'a2', agentName: 'Bob' });
    await expect(store.appendFileMessage(conversation.id, { name: 'a.png', mime: 'image/png', size: 1, bytes: new Uint8Array(1) }, (file) => ({ type: 'visitor-file', file, clientId: 'v' }))).rejects.toMatchObject({ code: 'CLIENT_ID_TAKEN' });
    expect((await store.appendMessage(conversation.id, { type: 'agent-text', text: 'reply', clientId: 'r', ...agent })).duplicate).toBe(true);
    expect((await store.messages(conversation.id)).map((m) => m.clientId)).toEqual(['v', 'n', 'r']);
    expect((await store.getConversation(conversation.id))?.lastMessage).toBe('reply');
  });

  it('keeps a file byte for byte with the message carrying it, once per clientId', async () => {
    const { visitor } = await store.createVisitor({ channel: 'web' });
    const conversation = await store.currentConversation(visitor.id);
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) % 256); // every byte value, zeros included
    const file = { name: '截图.png', mime: 'image/png', size: bytes.length, bytes };
    const first = await store.appendFileMessage(conversation.id, file, (ref) => ({ type: 'visitor-file', file: ref, clientId: 'f1' }));
    const again = await store.appendFileMessage(conversation.id, file, (ref) => ({ type: 'visitor-file', file: ref, clientId: 'f1' }));
    expect(again).toEqual({ message: first.message, duplicate: true, announced: 0 });
    if (first.message.type !== 'visitor-file') throw new Error(`stored as ${first.message.type}`);
    const stored = await store.fileById(first.message.file.id);
    expect(stored && { ...stored, bytes: undefined }).toEqual({ ...first.message.file, conversationId: conversation.id, bytes: undefined });
    expect(Buffer.compare(stored!.bytes, Buffer.from(bytes))).toBe(0);
    expect(await store.fileById('no-such-file')).toBeUndefined();
    expect((await store.getConversation(conversation.id))?.lastMessage).toBe('📎 截图.png');
    expect(Number((await store.db.query<{ n: unknown }>('select count(*) as n from files where conversation_id = $1', [conversation.id]))[0]?.n)).toBe(1);
  });

  it('finds quiet conversations and changes one only if it stayed quiet', async () => {
    const { visitor } = await store.createVisitor({ channel: 'web' });
    const conversation = await store.currentConversation(visitor.id);
    await store.appendMessage(conversation.id, { type: 'visitor-text', text: '在吗', clientId: 'quiet-1' });
    const later = new Date(Date.now() + 60_000);
    expect((await store.quietConversations('bot', later)).map((c) => c.id)).toContain(conversation.id);
    expect((await store.quietConversations('bot', new Date(Date.now() - 60_000))).map((c) => c.id)).not.toContain(conversation.id);
    // A message after the moment the sweep looked: the guarded close does not apply.
    const looked = new Date(Date.now() - 60_000);
    expect(await store.patchConversation(conversation.id, { state: 'closed' }, { state: 'bot', quietSince: looked })).toBeUndefined();
    expect((await store.patchConversation(conversation.id, { state: 'closed' }, { state: 'bot', quietSince: later }))?.state).toBe('closed');
  });

  it('turns "helpful" votes into (visitor question, entry) pairs for training', async () => {
    const { visitor } = await store.createVisitor({ channel: 'web' });
    const conversation = await store.currentConversation(visitor.id);
    await store.appendMessage(conversation.id, { type: 'visitor-text', text: '怎么退款', clientId: 'h1' });
    const good = await store.appendMessage(conversation.id, { type: 'bot-answer', text: '7 天内可退', entryId: 'refund', confidence: 0.8 });
    await store.appendMessage(conversation.id, { type: 'visitor-text', text: '发票呢', clientId: 'h2' });
    const bad = await store.appendMessage(conversation.id, { type: 'bot-answer', text: '…', entryId: 'delivery', confidence: 0.4 });
    const before = await store.helpfulVotesMark();
    await store.addFeedback(good.message.id, conversation.id, true);
    const voted = await store.helpfulVotesMark();
    expect(voted).not.toBe(before);
    await store.addFeedback(bad.message.id, conversation.id, false);
    // A 👎 teaches nothing: the learning schedule does not retrain for it.
    expect(await store.helpfulVotesMark()).toBe(voted);
    expect(await store.confirmedPairs()).toContainEqual(expect.objectContaining({ text: '怎么退款', entryId: 'refund', messageId: good.message.id }));
    expect((await store.confirmedPairs()).some((p) => p.entryId === 'delivery')).toBe(false);
    // A 👍 after a picked "did you mean" chip teaches what the visitor asked before the chips, not the chip's own question.
    const { visitor: picker } = await store.createVisitor({ channel: 'web' });
    const picking = await store.currentConversation(picker.id);
    await store.appendMessage(picking.id, { type: 'visitor-text', text: '钱能拿回来吗', clientId: 'p1' });
    await store.appendMessage(picking.id, { type: 'bot-suggest', text: '您是不是想问：', suggestions: [{ entryId: 'price', question: '一节课多少钱' }, { entryId: 'refund', question: '怎么退款' }] });
    await store.appendMessage(picking.id, { type: 'visitor-text', text: '怎么退款', clientId: 'p2' });
    const picked = await store.appendMessage(picking.id, { type: 'bot-answer', text: '7 天内可退', entryId: 'refund', confidence: 1 });
    await store.addFeedback(picked.message.id, picking.id, true);
    expect(await store.confirmedPairs()).toContainEqual(expect.objectContaining({ text: '钱能拿回来吗', entryId: 'refund', messageId: picked.message.id }));
    await store.forgetPair(picked.message.id);
    // One visitor's votes count up to a limit, their newest.
    const { visitor: eager } = await store.createVisitor({ channel: 'web' });
    const eagerConversation = await store.currentConversation(eager.id);
    for (let i = 0; i < 3; i++) {
      await store.appendMessage(eagerConversation.id, { type: 'visitor-text', text: `退款问题${i}`, clientId: `e${i}` });
      const answer = await store.appendMessage(eagerConversation.id, { type: 'bot-answer', text: '7 天内可退', entryId: 'refund', confidence: 0.8 });
      await store.addFeedback(answer.message.id, eagerConversation.id, true);
    }
    expect((await store.confirmedPairs(5000, 2)).filter((p) => p.text.startsWith('退款问题')).map((p) => p.text).sort()).toEqual(['退款问题1', '退款问题2']);
    expect((await store.confirmedPairs(5000, 2)).map((p) => p.text)).toContain('怎么退款');
    for (const pair of (await store.confirmedPairs()).filter((p) => p.text.startsWith('退款问题'))) await store.forgetPair(pair.messageId);
    // Forgotten by an operator: out of training, still a vote.
    expect(await store.forgetPair(good.message.id)).toBe(true);
    expect(await store.confirmedPairs()).toEqual([]);
    const forgotten = await store.helpfulVotesMark();
    expect(forgotten).not.toBe(voted);
    expect(await store.forgetPair(good.message.id)).toBe(false);
    expect(await store.forgetPair(bad.message.id)).toBe(false);
    expect((await store.stats()).feedbackHelpfulRate).toBeCloseTo(5 / 6);
    // Withdrawn, it changes the mark again.
    await store.addFeedback(good.message.id, conversation.id, false);
    expect(await store.helpfulVotesMark()).not.toBe(voted);
    expect((await store.stats()).feedbackHelpfulRate).toBeCloseTo(4 / 6);
  });

  it('queues a webhook event once per subscription that wants it and lets one sender at a time claim it', async () => {
    const wants = await store.createWebhook({ url: 'http://127.0.0.1:9/a', events: ['conversation.queued', 'message.created'], format: 'json', secret: 's3cret-value', active: true });
    await store.createWebhook({ url: 'http://127.0.0.1:9/b', events: ['conversation.closed'], format: 'wecom', secret: null, active: true });
    await store.createWebhook({ url: 'http://127.0.0.1:9/c', events: ['conversation.queued'], format: 'json', secret: null, active: false });
    expect([...(await store.subscribedEvents())].sort()).toEqual(['conversation.closed', 'conversation.queued', 'message.created']);
    expect(await enqueueWebhookEvent(store.db, 'conversation.queued', 'visitor-1', { rating: { score: 5 } })).toBe(1);
    const [claimed, other] = await Promise.all([store.claimDueDeliveries(10, 60), store.claimDueDeliveries(10, 60)]);
    expect([...claimed!, ...other!]).toHaveLength(1);
    const delivery = [...claimed!, ...other!][0]!;
    expect(delivery).toMatchObject({ event: 'conversation.queued', attempts: 1, data: { rating: { score: 5 } }, webhook: { id: wants.id, format: 'json', secret: 's3cret-value' } });
    expect(await store.claimDueDeliveries(10, 60)).toEqual([]); // leased
    await store.finishDelivery(delivery.id, { ok: false, status: 500, error: 'boom', retryAt: new Date(Date.now() - 1000) });
    expect(await store.webhookDelivery(delivery.id)).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, lastError: 'boom' });
    const again = await store.claimDueDeliveries(10, 60);
    expect(again.map((d) => [d.id, d.attempts])).toEqual([[delivery.id, 2]]);
    await store.finishDelivery(delivery.id, { ok: false, error: 'gave up' });
    expect(await store.webhookDelivery(delivery.id)).toMatchObject({ status: 'failed', attempts: 2, lastError: 'gave up' });
    expect(await store.retryDelivery(wants.id, delivery.id)).toBe(true);
    const retried = await store.claimDueDeliveries(10, 60);
    await store.finishDelivery(retried[0]!.id, { ok: true, status: 204 });
    expect(await store.webhookDeliveries(wants.id)).toEqual([expect.objectContaining({ id: delivery.id, status: 'delivered', attempts: 1, lastStatus: 204 })]);
    expect(await store.deleteWebhook(wants.id)).toBe(true);
    expect(await store.webhookDelivery(delivery.id)).toBeUndefined();
    for (const webhook of await store.listWebhooks()) await store.deleteWebhook(webhook.id);
  });

  it('queues a message.created delivery with each stored message, text or file, and none for a resend or when told not to', async () => {
    const wants = await store.createWebhook({ url: 'http://127.0.0.1:9/messages', events: ['message.created'], format: 'json', secret: null, active: true });
    await store.createWebhook({ url: 'http://127.0.0.1:9/paused', events: ['message.created'], format: 'json', secret: null, active: false });
    await store.createWebhook({ url: 'http://127.0.0.1:9/closed', events: ['conversation.closed'], format: 'json', secret: null, active: true });
    const { visitor } = await store.createVisitor({ channel: 'web' });
    const conversation = await store.currentConversation(visitor.id);
    const first = await store.appendMessage(conversation.id, { type: 'visitor-text', text: '发票怎么开', clientId: 'm-1' });
    const resent = await store.appendMessage(conversation.id, { type: 'visitor-text', text: '发票怎么开', clientId: 'm-1' });
    const file = await store.appendFileMessage(conversation.id, { name: 'a.png', mime: 'image/png', size: 3, bytes: new Uint8Array([1, 2, 3]) }, (ref) => ({ type: 'visitor-file', file: ref, clientId: 'm-2' }));
    const unannounced = await store.appendMessage(conversation.id, { type: 'visitor-text', text: '不用通知', clientId: 'm-3' }, false);
    expect([first.announced, resent.duplicate, resent.announced, file.announced, unannounced.announced]).toEqual([1, true, 0, 1, 0]);
    const claimed = await store.claimDueDeliveries(10, 60);
    expect(claimed.map((d) => [d.event, d.webhook.id, d.data.message?.id])).toEqual(expect.arrayContaining([['message.created', wants.id, first.message.id], ['message.created', wants.id, file.message.id]]));
    expect(claimed).toHaveLength(2);
    expect((await store.webhookDeliveries(wants.id)).length).toBe(2);
    for (const webhook of await store.listWebhooks()) await store.deleteWebhook(webhook.id);
  });

  it('writes a hand-off step\'s change, event and system line together, and none of them for a step that lost its race', async () => {
    const wants = await store.createWebhook({ url: 'http://127.0.0.1:9/step', events: ['conversation.queued', 'message.created'], format: 'json', secret: null, active: true });
    const { visitor } = await store.createVisitor({ channel: 'web' });
    const conversation = await store.currentConversation(visitor.id);
    const records = { announce: { event: 'conversation.queued' as const, data: (next: { state: string }) => ({ rating: { score: next.state === 'queued' ? 1 : 0 } }) }, line: { type: 'system' as const, event: 'queued' as const, text: '正在为您转接人工客服' }, announceLine: true };
    const applied = await store.patchConversationWith(conversation.id, { state: 'queued', queuedAt: new Date() }, { state: 'bot' }, records);
    expect(applied?.conversation.state).toBe('queued');
    expect(applied?.line).toMatchObject({ message: { type: 'system', event: 'queued', text: '正在为您转接人工客服' }, duplicate: false, announced: 1 });
    expect(await store.patchConversationWith(conversation.id, { state: 'queued' }, { state: 'bot' }, records)).toBeUndefined();
    expect((await store.messages(conversation.id)).map((m) => m.type)).toEqual(['system']);
    const claimed = await store.claimDueDeliveries(10, 60);
    expect(claimed.map((d) => d.event).sort()).toEqual(['conversation.queued', 'message.created']);
    await store.deleteWebhook(wants.id);
  });

  it('queues a hand-off step\'s or a left message\'s event with the change, and none for a change that did not apply', async () => {
    const wants = await store.createWebhook({ url: 'http://127.0.0.1:9/handoff', events: ['conversation.queued', 'left-message.created'], format: 'json', secret: null, active: true });
    const { visitor } = await store.createVisitor({ channel: 'web' });
    const conversation = await store.currentConversation(visitor.id);
    const queued = { event: 'conversation.queued' as const, data: (next: { state: string }) => ({ rating: { score: next.state === 'queued' ? 1 : 0 } }) };
    const next = (await store.patchConversationWith(conversation.id, { state: 'queued', queuedAt: new Date() }, { state: 'bot' }, { announce: queued }))?.conversation;
    expect(next?.state).toBe('queued');
    // Lost the race (no longer in 'bot'): no change, no event.
    expect(await store.patchConversationWith(conversation.id, { state: 'queued' }, { state: 'bot' }, { announce: queued })).toBeUndefined();
    await store.leaveMessage(visitor.id, { contact: 'wang@example.com', text: '请回电' }, { event: 'left-message.created', data: () => ({ leftMessage: { visitorId: visitor.id, contact: 'wang@example.com', text: '请回电' } }) });
    const claimed = await store.claimDueDeliveries(10, 60);
    expect(claimed.map((d) => [d.event, d.data]).sort()).toEqual([
      ['conversation.queued', { rating: { score: 1 } }],
      ['left-message.created', { leftMessage: { visitorId: visitor.id, contact: 'wang@example.com', text: '请回电' } }],
    ]);
    await store.deleteWebhook(wants.id);
  });

  it('finds conversations by message text with % and _ taken literally, and reads a page of visitors at once', async () => {
    const { visitor: a } = await store.createVisitor({ channel: 'web', name: 'A' });
    const { visitor: b } = await store.createVisitor({ channel: 'wechat' });
    const first = await store.currentConversation(a.id);
    const second = await store.currentConversation(b.id);
    await store.appendMessage(first.id, { type: 'visitor-text', text: '能便宜50%吗', clientId: 'p1' });
    await store.appendMessage(second.id, { type: 'visitor-text', text: '订单500号', clientId: 'p2' });
    expect((await store.listConversations({ query: '50%' })).map((c) => c.id)).toEqual([first.id]);
    expect((await store.listConversations({ query: '5_0' })).map((c) => c.id)).toEqual([]);
    const visitors = await store.visitorsByIds([a.id, b.id, a.id, 'nobody']);
    expect([...visitors.keys()].sort()).toEqual([a.id, b.id].sort());
    expect(visitors.get(b.id)?.channel).toBe('wechat');
  });

  it('keeps agents\' groups, the group a visitor\'s page asks for and the group a conversation was handed to', async () => {
    const agent = await store.createAgent({ email: 'Group@Example.com', name: '组长', role: 'agent', passwordHash: 'x', maxConversations: 3, groups: ['售前'] });
    expect((await store.agentById(agent.id))?.groups).toEqual(['售前']);
    expect((await store.updateAgent(agent.id, { groups: ['售前', '售后'] }))?.groups).toEqual(['售前', '售后']);
    expect((await store.updateAgent(agent.id, { maxConversations: 4 }))?.groups).toEqual(['售前', '售后']); // untouched when not given
    const { visitor } = await store.createVisitor({ channel: 'web' });
    expect(visitor.group).toBeNull();
    await store.updateVisitor(visitor.id, { group: '售后' });
    await store.updateVisitor(visitor.id, { page: '/help' });
    expect((await store.getVisitor(visitor.id))?.group).toBe('售后');
    await store.updateVisitor(visitor.id, { group: null });
    expect((await store.getVisitor(visitor.id))?.group).toBeNull();
    const conversation = await store.currentConversation(visitor.id);
    expect((await store.patchConversation(conversation.id, { state: 'queued', group: '售后' }))?.group).toBe('售后');
    expect((await store.patchConversation(conversation.id, { noAnswerStreak: 1 }))?.group).toBe('售后');
  });

  it('keeps the first response time once set, until a new hand-off clears it', async () => {
    const { visitor } = await store.createVisitor({ channel: 'web' });
    const conversation = await store.currentConversation(visitor.id);
    const [first, later] = [new Date('2024-05-01T10:00:00Z'), new Date('2024-05-01T10:05:00Z')];
    expect((await store.patchConversation(conversation.id, { firstResponseAt: first }))?.firstResponseAt).toEqual(first);
    expect((await store.patchConversation(conversation.id, { firstResponseAt: later }))?.firstResponseAt).toEqual(first);
    expect((await store.patchConversation(conversation.id, { noAnswerStreak: 0 }))?.firstResponseAt).toEqual(first);
    expect((await store.patchConversation(conversation.id, { state: 'queued', firstResponseAt: null }))?.firstResponseAt).toBeNull();
    expect((await store.patchConversation(conversation.id, { firstResponseAt: later }))?.firstResponseAt).toEqual(later);
  });

  it('counts in its stats only conversations in which the visitor said something, as the analytics do', async () => {
    const before = await store.stats();
    const silent = await store.currentConversation((await store.createVisitor({ channel: 'web' })).visitor.id);
    await store.patchConversation(silent.id, { state: 'queued', queuedAt: new Date() });
    expect(await store.stats()).toMatchObject({ conversations: before.conversations, handedOff: before.handedOff });
    const spoke = await store.currentConversation((await store.createVisitor({ channel: 'web' })).visitor.id);
    await store.appendMessage(spoke.id, { type: 'visitor-text', text: '你好', clientId: 'stats-1' });
    expect(await store.stats()).toMatchObject({ conversations: before.conversations + 1, handedOff: before.handedOff });
  });

  it('counts per agent the visitor\'s messages not yet read, never reading backwards or past the last message, and erases the marks with the visitor', async () => {
    const { visitor } = await store.createVisitor({ channel: 'web' });
    const conversation = await store.currentConversation(visitor.id);
    const [a, b] = await Promise.all(['a', 'b'].map((n) => store.createAgent({ email: `read-${n}-${randomBytes(3).toString('hex')}@example.com`, name: n, role: 'agent', passwordHash: 'x', maxConversations: 2 })));
    await store.markAgentRead(conversation.id, a!.id, 5); // nothing to read yet
    for (const text of ['一', '二']) await store.appendMessage(conversation.id, { type: 'visitor-text', text });
    await store.appendMessage(conversation.id, { type: 'bot-answer', text: '答', entryId: 'x', confidence: 0.9 });
    await store.appendMessage(conversation.id, { type: 'visitor-text', text: '三' });
    const counts = async (agentId: string) => Object.fromEntries(await store.unreadCounts(agentId, [conversation.id, 'no-such-conversation']));
    expect(await counts(a!.id)).toEqual({ [conversation.id]: 3 });
    await store.markAgentRead(conversation.id, a!.id, 2);
    await store.markAgentRead(conversation.id, a!.id, 1);
    expect([await counts(a!.id), await counts(b!.id)]).toEqual([{ [conversation.id]: 1 }, { [conversation.id]: 3 }]);
    await store.markAgentRead(conversation.id, a!.id, 1_000_000); // past the end: read up to the last message only
    await store.appendMessage(conversation.id, { type: 'visitor-text', text: '四' });
    expect(await counts(a!.id)).toEqual({ [conversation.id]: 1 });
    // Handed to b: only what the visitor says after that is unread for them, as their console counts it live.
    await store.appendMessage(conversation.id, { type: 'system', event: 'transferred', text: '已转接' });
    await store.appendMessage(conversation.id, { type: 'visitor-text', text: '五' });
    expect([await counts(a!.id), await counts(b!.id)]).toEqual([{ [conversation.id]: 1 }, { [conversation.id]: 1 }]);
    await store.markAgentRead(conversation.id, b!.id, 7);
    await store.appendMessage(conversation.id, { type: 'visitor-text', text: '六' });
    expect([await counts(a!.id), await counts(b!.id)]).toEqual([{ [conversation.id]: 2 }, { [conversation.id]: 1 }]);
    await store.patchConversation(conversation.id, { state: 'closed', closedAt: new Date() });
    expect(await store.eraseVisitor(visitor.id)).not.toBe('in-service');
    expect(await counts(a!.id)).toEqual({});
  });

  it('lets exactly one of two racing agents take a queued conversation', async () => {
    const { visitor } = await store.createVisitor({ channel: 'web' });
    const conversation = await store.currentConversation(visitor.id);
    await store.patchConversation(conversation.id, { state: 'queued', queuedAt: new Date(), handoffReason: 'visitor-request' });
    const results = await Promise.all(['a1', 'a2', 'a3'].map((agentId) => store.patchConversation(conversation.id, { state: 'agent', assignedAgentId: agentId, assignedAt: new Date() }, { state: 'queued' })));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store.getConversation(conversation.id))?.state).toBe('agent');
  });

  it('assigns an agent at most their cap of conversations when several are assigned to them at once', async () => {
    const agent = await store.createAgent({ email: `cap-${randomBytes(3).toString('hex')}@example.com`, name: 'Cap', role: 'agent', passwordHash: 'x', maxConversations: 2 });
    const queued = await Promise.all([1, 2, 3, 4].map(async () => {
      const { visitor } = await store.createVisitor({ channel: 'web' });
      const conversation = await store.currentConversation(visitor.id);
      await store.patchConversation(conversation.id, { state: 'queued', queuedAt: new Date(), handoffReason: 'visitor-request' });
      return conversation.id;
    }));
    const results = await Promise.allSettled(queued.map((id) => store.patchConversationWith(id, { state: 'agent', assignedAgentId: agent.id, assignedAt: new Date() }, { state: 'queued', withinCapacity: true }, {})));
    expect(results.filter((r) => r.status === 'fulfilled' && r.value)).toHaveLength(2);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toEqual([expect.any(AgentAtCapacity), expect.any(AgentAtCapacity)]);
    expect((await store.activeCounts()).get(agent.id)).toBe(2);
  });

  it('keeps knowledge entries, settings (saved answer bars and synonym table among them) and an expiring key-value store', async () => {
    await store.putKnowledgeEntry({ id: 'refund', questions: ['怎么退款'], answer: '7 天内可退' });
    expect(await store.knowledgeEntries()).toEqual([{ id: 'refund', questions: ['怎么退款'], answer: '7 天内可退' }]);
    const version = await store.knowledgeVersion();
    expect(await store.knowledgeVersion()).toBe(version);
    await store.putKnowledgeEntry({ id: 'refund', questions: ['怎么退款', '能退款吗'], answer: '7 天内可退' });
    const changed = await store.knowledgeVersion();
    expect(changed).not.toBe(version);
    await store.putKnowledgeEntry({ id: 'gone', questions: ['问'], answer: '答' });
    expect(await store.knowledgeVersion()).not.toBe(changed);
    await store.deleteKnowledgeEntry('gone');
    expect(await store.knowledgeVersion()).toBe(changed);
    await store.putKnowledgeEntry({ id: 'refund', questions: ['怎么退款'], answer: '7 天内可退' });
    expect(await store.settingIfAbsent('jwt', 'first')).toBe('first');
    expect(await store.settingIfAbsent('jwt', 'second')).toBe('first');
    expect(await store.savedThresholds()).toBeUndefined();
    await store.saveThresholds({ answer: 0.3, suggest: 0.2, margin: 0.01 });
    await store.saveThresholds({ answer: 0.4, suggest: 0.2, margin: 0.01 });
    expect(await store.savedThresholds()).toEqual({ answer: 0.4, suggest: 0.2, margin: 0.01 });
    await store.saveThresholds(null);
    expect(await store.savedThresholds()).toBeUndefined();
    expect(await store.savedSynonyms()).toBeUndefined();
    await store.saveSynonyms('# 退款\n退款, 退钱');
    expect(await store.savedSynonyms()).toBe('# 退款\n退款, 退钱');
    await store.saveSynonyms(null);
    expect(await store.savedSynonyms()).toBeUndefined();
    expect(await store.kv.setIfAbsent('lock', 'me', 60)).toBe(true);
    expect(await store.kv.setIfAbsent('lock', 'you', 60)).toBe(false);
    await store.kv.set('token', 'abc', 60);
    expect(await store.kv.get('token')).toBe('abc');
  });

  it('replaces a knowledge entry only while it is the one the editor saw, once of two racing saves, and never brings a deleted one back', async () => {
    const opened = { id: 'race', questions: ['两人同时改'], answer: '原答案' };
    await store.putKnowledgeEntry(opened);
    const sameAsOpened = (stored: { questions: string[]; answer: string }) => stored.answer === opened.answer && stored.questions.length === opened.questions.length;
    const outcomes = await Promise.all([
      store.replaceKnowledgeEntryIf({ ...opened, answer: 'A 的答案' }, sameAsOpened),
      store.replaceKnowledgeEntryIf({ ...opened, questions: [...opened.questions, 'B 的问题'] }, sameAsOpened),
    ]);
    expect(outcomes.sort()).toEqual(['changed', 'replaced']);
    expect([{ ...opened, answer: 'A 的答案' }, { ...opened, questions: [...opened.questions, 'B 的问题'] }]).toContainEqual(await store.knowledgeEntry('race'));
    await store.deleteKnowledgeEntry('race');
    expect(await store.replaceKnowledgeEntryIf(opened, () => true)).toBe('gone');
    expect(await store.knowledgeEntry('race')).toBeUndefined();
  });

  it('caps proactive messages per visitor under concurrent senders and refuses opted-out, graylisted and blocked visitors', async () => {
    const { visitor } = await store.createVisitor({ channel: 'web' });
    const conversation = await store.currentConversation(visitor.id);
    const cap = { count: 2, days: 7 };
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => store.storeProactiveMessage({ visitorId: visitor.id, conversationId: conversation.id, campaignId: `c${i}`, text: 'hello', cap })));
    expect(outcomes.filter((o) => o.outcome === 'reserved')).toHaveLength(2);
    expect(outcomes.filter((o) => o.outcome === 'frequency-cap')).toHaveLength(6);
    expect((await store.messages(conversation.id)).map((m) => m.type)).toEqual(['proactive', 'proactive']);
    expect(await store.recentProactiveSends(visitor.id, 7)).toBe(2);
    const other = (await store.createVisitor({ channel: 'web' })).visitor;
    const otherConversation = await store.currentConversation(other.id);
    const send = () => store.storeProactiveMessage({ visitorId: other.id, conversationId: otherConversation.id, campaignId: 'x', text: 'hi', cap });
    await store.setOptedOut(other.id, true);
    expect((await send()).outcome).toBe('opted-out');
    expect((await store.getVisitor(other.id))?.optedOut).toBe(true);
    await store.setOptedOut(other.id, false);
    await store.setGraylisted(other.id, true);
    expect((await send()).outcome).toBe('graylisted');
    await store.setGraylisted(other.id, false);
    expect((await send()).outcome).toBe('reserved');
  });

  it('keeps unanswered questions open until resolved, with what agents answered after them', async () => {
    const { visitor } = await store.createVisitor({ channel: 'web' });
    const conversation = await store.currentConversation(visitor.id);
    await store.addUnanswered(conversation.id, '周末上课吗', 'no-answer');
    await store.addUnanswered(conversation.id, '周末上课吗', 'suggest');
    await store.appendMessage(conversation.id, { type: 'agent-text', text: '周末也上课。', agentId: 'a', agentName: 'A' });
    const open = await store.openUnanswered();
    expect(open.find((u) => u.text === '周末上课吗')).toMatchObject({ count: 2, kinds: ['no-answer', 'suggest'] });
    expect((await store.agentRepliesTo(['周末上课吗'])).get('周末上课吗')).toEqual(['周末也上课。']);
    expect(await store.resolveUnanswered(['周末上课吗'])).toBe(2);
    expect((await store.openUnanswered()).some((u) => u.text === '周末上课吗')).toBe(false);
  });
});
