import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../packages/protocol/src/index.ts';
import type { KnowledgeEntry } from '../packages/core/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectVisitor, loginAgent, until } from './support/clients.ts';

const KNOWLEDGE: KnowledgeEntry[] = [
  { id: 'refund', questions: ['怎么退款', '课程可以退费吗', '退款多久到账'], answer: '课程未上完可申请退款，3 个工作日内原路退回。' },
  { id: 'price', questions: ['一节课多少钱', '课程价格是多少', '收费标准'], answer: '一对一 180 元一节。' },
  { id: 'invoice', questions: ['怎么开发票', '发票怎么申请', '能开专票吗'], answer: '在订单页申请电子发票。' },
  { id: 'teacher', questions: ['老师是哪里的', '可以换老师吗', '老师有资质吗'], answer: '老师均持证上岗，可随时更换。' },
];
// Visitors who also said 退款 were answered, and voted the answer helpful; their other words are new to the bot.
const VOTED = ['不想学了钱能拿回来吗，想退款', '不学了钱还能拿回来不，怎么退款', '交的钱怎么拿回来，退款'];
const LATER = '不想上了，钱可以拿回来吗';

describe('the bot learns from visitors\' "helpful" votes', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: KNOWLEDGE, bot: { sentenceEncoder: false }, learnFromVotesEveryMs: 0, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    await server.bot().trained();
  });
  afterAll(async () => server.close());

  it('answers, after a retrain, a phrasing it only suggested for before', async () => {
    const before = await server.bot().ask({ text: LATER });
    expect(before.kind === 'answer' && before.entryId === 'refund').toBe(false);

    await voteHelpful(server.url);
    const headers = { authorization: `Bearer ${await loginAgent(server.url)}` };
    const pairs = (await (await fetch(`${server.url}/api/training-pairs`, { headers })).json()) as { text: string; entryId: string }[];
    for (const text of VOTED) expect(pairs).toContainEqual({ text, entryId: 'refund' });
    expect((await fetch(`${server.url}/api/retrain`, { method: 'POST', headers })).status).toBe(202);
    await server.bot().trained();

    const visitor = await connectVisitor(server.url);
    await call(visitor.socket, 'message:send', { clientId: 'later', text: LATER });
    const reply = await until('the reply', () => visitor.messages.find((m) => m.type.startsWith('bot')));
    expect(reply).toMatchObject({ type: 'bot-answer', entryId: 'refund' });
    // Learned, not added: the knowledge base itself is unchanged.
    const entry = (await (await fetch(`${server.url}/api/knowledge/refund`, { headers })).json()) as KnowledgeEntry;
    expect(entry.questions).toEqual(KNOWLEDGE[0]!.questions);
    visitor.socket.close();
  });

  it('retrains by itself when votes are cast, and forgets them when their visitors are erased', async () => {
    const own = await startServer({ port: 0, knowledge: KNOWLEDGE, bot: { sentenceEncoder: false }, learnFromVotesEveryMs: 200, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    try {
      await own.bot().trained();
      const answers = async () => {
        const outcome = await own.bot().ask({ text: LATER });
        return outcome.kind === 'answer' && outcome.entryId === 'refund';
      };
      expect(await answers()).toBe(false);
      const voters = await voteHelpful(own.url);
      await until('learned without a retrain request', async () => (await own.bot().trained(), await answers()), 100, 60_000);

      const headers = { authorization: `Bearer ${await loginAgent(own.url)}` };
      for (const visitorId of voters) expect((await fetch(`${own.url}/api/visitors/${visitorId}`, { method: 'DELETE', headers })).status).toBe(200);
      await until('forgotten after the erasure', async () => (await own.bot().trained(), !(await answers())), 100, 60_000);
    } finally {
      await own.close();
    }
  });
});

/** Each voted question from its own visitor (one conversation's burst would be read as follow-ups); returns their ids. */
async function voteHelpful(url: string): Promise<string[]> {
  const voters: string[] = [];
  for (const [i, text] of VOTED.entries()) {
    const visitor = await connectVisitor(url);
    await call(visitor.socket, 'message:send', { clientId: `v${i}`, text });
    const answer = await until(`the answer to ${text}`, () => visitor.messages.find((m): m is ChatMessage & { type: 'bot-answer' } => m.type === 'bot-answer'));
    expect(answer.entryId).toBe('refund');
    expect(await call(visitor.socket, 'feedback', { messageId: answer.id, helpful: true })).toMatchObject({ ok: true });
    visitor.socket.close();
    voters.push(visitor.session.visitorId);
  }
  return voters;
}
