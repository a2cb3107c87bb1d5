import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../packages/protocol/src/index.ts';
import { DEFAULT_THRESHOLDS } from '../packages/core/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectVisitor, loginAgent, until } from './support/clients.ts';

const KB = new URL('../examples/demo/kb.jsonl', import.meta.url).pathname;
const HAN = /[\u4e00-\u9fff]/;

describe('server: a bilingual knowledge base answers in the visitor\'s language', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
  });
  afterAll(async () => server.close());
  /** The type of the first bot reply a new visitor gets to `text`. */
  const reply = async (text: string) => {
    const { socket, messages } = await connectVisitor(server.url);
    await call(socket, 'message:send', { clientId: 'r1', text });
    const first = await until(`the reply to ${text}`, () => messages.find((m) => m.type.startsWith('bot-')));
    socket.close();
    return first.type;
  };

  it('sends the Chinese or the English half of an answer', async () => {
    const { socket, messages } = await connectVisitor(server.url);
    const answers = () => messages.filter((m): m is Extract<ChatMessage, { type: 'bot-answer' }> => m.type === 'bot-answer');
    await call(socket, 'message:send', { clientId: 'l1', text: 'how much is a small class' });
    const english = await until('the English answer', () => answers()[0]);
    expect(english).toMatchObject({ entryId: 'price-small-class' });
    expect(english.text).not.toMatch(HAN);
    await call(socket, 'message:send', { clientId: 'l2', text: '小班课多少钱' });
    const chinese = await until('the Chinese answer', () => answers()[1]);
    expect(chinese.text).toMatch(HAN);
    expect(chinese.text).not.toMatch(/lesson/i);
    socket.close();
  });

  it('posts a picked chip\'s own question and answers in its language, and never posts a text that is not one of the entry\'s questions', async () => {
    // A new visitor: after the price answers above, "price" would be a follow-up about the same class.
    const { socket, messages } = await connectVisitor(server.url);
    const answers = () => messages.filter((m): m is Extract<ChatMessage, { type: 'bot-answer' }> => m.type === 'bot-answer');
    await call(socket, 'message:send', { clientId: 'l3', text: 'price' });
    const offered = await until('the chips', () => messages.find((m): m is Extract<ChatMessage, { type: 'bot-suggest' }> => m.type === 'bot-suggest'));
    const chip = offered.suggestions.find((s) => s.entryId === 'price-one-on-one')!;
    expect(chip.question).not.toMatch(HAN);
    const picked = await call<{ message: ChatMessage }>(socket, 'suggestion:pick', { clientId: 'l4', entryId: chip.entryId, question: chip.question });
    expect(picked.ok && picked.message).toMatchObject({ type: 'visitor-text', text: chip.question });
    const reply = await until('the picked answer', () => answers()[0]);
    expect(reply).toMatchObject({ entryId: 'price-one-on-one' });
    expect(reply.text).not.toMatch(HAN);
    // A text that is not one of the entry's questions is not posted as the visitor's words.
    const forged = await call<{ message: ChatMessage }>(socket, 'suggestion:pick', { clientId: 'l5', entryId: 'price-one-on-one', question: '<b>not a question of it</b>' });
    expect(forged.ok && forged.message).toMatchObject({ type: 'visitor-text', text: '一对一多少钱' });
    socket.close();
  });

  it('holds English questions to bars of their own until an operator saves bars for every question', async () => {
    const token = await loginAgent(server.url);
    const bars = async (method = 'GET', body?: unknown) => {
      const response = await fetch(`${server.url}/api/bot/thresholds`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return (await response.json()) as { thresholds: unknown; englishThresholds?: unknown };
    };
    expect(await bars()).toMatchObject({ thresholds: DEFAULT_THRESHOLDS.lexical, englishThresholds: DEFAULT_THRESHOLDS['bilingual-english'] });
    // About 0.24: over the Chinese answer bar, under the English one.
    expect(await reply('book me a flight')).not.toBe('bot-answer');
    expect(await bars('PUT', { answer: 0.2, suggest: 0.1, margin: 0 })).toMatchObject({ englishThresholds: { answer: 0.2, sharedWord: 0.2, suggest: 0.1, margin: 0 } });
    expect(await reply('book me a flight')).toBe('bot-answer');
    expect(await bars('DELETE')).toMatchObject({ englishThresholds: DEFAULT_THRESHOLDS['bilingual-english'] });
  });

  it('calibrates English questions on their own, and saves their bars beside the others', async () => {
    const token = await loginAgent(server.url);
    const request = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };
    const queries = [
      { query: '课程可以退款吗', id: 'refund-policy' },
      { query: '小班课多少钱', id: 'price-small-class' },
      { query: '今天天气怎么样', id: null },
      { query: 'do I need a webcam', id: 'devices' },
      { query: 'how much is a small class', id: 'price-small-class' },
      { query: 'book me a flight', id: null },
    ];
    const { body: proposal } = await request('POST', '/api/bot/calibrate', { queries });
    expect(proposal).toMatchObject({ queries: 6, english: { queries: 3, inScope: 2, current: { thresholds: DEFAULT_THRESHOLDS['bilingual-english'] }, calibrated: { thresholds: { answer: expect.any(Number) } } } });
    expect(proposal['current'].thresholds).toEqual(DEFAULT_THRESHOLDS.lexical);

    const english = { answer: 0.95, sharedWord: 0.95, suggest: 0.5, margin: 0 };
    const saved = await request('PUT', '/api/bot/thresholds', { ...DEFAULT_THRESHOLDS.lexical, english });
    expect(saved.body).toMatchObject({ thresholds: DEFAULT_THRESHOLDS.lexical, englishThresholds: english, saved: true, savedEnglish: english });
    expect(await reply('do I need a webcam')).not.toBe('bot-answer');
    expect(await reply('课程可以退款吗')).toBe('bot-answer');

    const wrong = await request('PUT', '/api/bot/thresholds', { ...DEFAULT_THRESHOLDS.lexical, english: { answer: 0.3, suggest: 0.5, margin: 0 } });
    expect(wrong).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^english: suggest/) } } });
    expect((await request('GET', '/api/bot/thresholds')).body).toMatchObject({ savedEnglish: english });

    // Bars saved without English ones apply to every question again.
    const plain = await request('PUT', '/api/bot/thresholds', { answer: 0.3, suggest: 0.2, margin: 0.03 });
    expect(plain.body).toMatchObject({ englishThresholds: { answer: 0.3, sharedWord: 0.3, suggest: 0.2 } });
    expect(plain.body['savedEnglish']).toBeUndefined();
    expect((await request('DELETE', '/api/bot/thresholds')).body).toMatchObject({ saved: false, englishThresholds: DEFAULT_THRESHOLDS['bilingual-english'] });
  });
});
