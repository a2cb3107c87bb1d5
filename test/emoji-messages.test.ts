import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, HandoffStatus } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectVisitor, loginAgent, until } from './support/clients.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;

describe('server: messages that ask nothing (emoji alone) over real socket.io', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' }, handoff: { noAnswerLimit: 2 } });
  });
  afterAll(async () => server.close());

  it('thanks a 👍 after an answer, invites a question for other emoji, and neither hands off nor lists them as unanswered', async () => {
    const visitor = await connectVisitor(server.url, { language: 'zh-CN' });
    const handoffs: HandoffStatus[] = [];
    visitor.socket.on('handoff', (h) => handoffs.push(h));
    const bot = () => visitor.messages.filter((m) => m.type.startsWith('bot-'));
    const say = async (text: string, i: number): Promise<ChatMessage> => {
      expect(await call(visitor.socket, 'message:send', { clientId: `e${i}`, text })).toMatchObject({ ok: true });
      return until(`the reply to ${text}`, () => bot()[i]);
    };
    expect(await say('一对一课程多少钱', 0)).toMatchObject({ type: 'bot-answer', entryId: 'price-one-on-one' });
    expect(await say('👍', 1)).toMatchObject({ type: 'bot-small-talk', intent: 'thanks', text: expect.stringMatching(/^不客气/) });
    for (const [i, text] of ['👍', '😀😀', '😀😀'].entries()) expect(await say(text, i + 2)).toMatchObject({ type: 'bot-small-talk', intent: 'empty-input', text: expect.stringMatching(/^请问有什么可以帮您/) });
    // Four in a row with a limit of two: still the bot's, no hand-off.
    expect(bot().some((m) => m.type === 'bot-fallback')).toBe(false);
    expect(handoffs).toEqual([]);
    const token = await loginAgent(server.url);
    const detail = (await (await fetch(`${server.url}/api/conversations/${visitor.session.conversationId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { conversation: { state: string } };
    expect(detail.conversation.state).toBe('bot');
    const unanswered = (await (await fetch(`${server.url}/api/unanswered`, { headers: { authorization: `Bearer ${token}` } })).json()) as { text: string }[];
    expect(unanswered.map((u) => u.text).filter((t) => /\p{Extended_Pictographic}/u.test(t))).toEqual([]);
    visitor.socket.close();

    // In English for an English browser; real unanswered questions still count toward the hand-off.
    const english = await connectVisitor(server.url, { language: 'en-US' });
    await call(english.socket, 'message:send', { clientId: 'en1', text: '😀😀' });
    expect(await until('the reply', () => english.messages.find((m) => m.type.startsWith('bot-')))).toMatchObject({ type: 'bot-small-talk', text: expect.stringMatching(/^How can I help/) });
    const queued = new Promise<HandoffStatus>((resolve) => english.socket.on('handoff', (h) => h.state === 'queued' && resolve(h)));
    await call(english.socket, 'message:send', { clientId: 'en2', text: '火星上的天气怎么样' });
    await call(english.socket, 'message:send', { clientId: 'en3', text: '周杰伦的新歌叫什么' });
    expect(await queued).toMatchObject({ state: 'queued' });
    english.socket.close();
  });
});
