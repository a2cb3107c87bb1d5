import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeEntry } from '../packages/core/src/index.ts';
import type { ChatMessage } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectVisitor, loginAgent, until } from './support/clients.ts';
import { dropSchema, POSTGRES_URL, REDIS_URL } from './support/postgres.ts';
import { LATER, VOTE_KNOWLEDGE, VOTED, voteHelpful } from './support/helpful-votes.ts';

describe('the bot learns from visitors\' "helpful" votes', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: VOTE_KNOWLEDGE, bot: { sentenceEncoder: false }, learnFromVotesEveryMs: 0, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    await server.bot().trained();
  });
  afterAll(async () => server.close());

  it('answers, after a retrain, a phrasing it only suggested for before', async () => {
    const before = await server.bot().ask({ text: LATER });
    expect(before.kind === 'answer' && before.entryId === 'refund').toBe(false);

    await voteHelpful(server.url);
    const headers = { authorization: `Bearer ${await loginAgent(server.url)}` };
    const pairs = (await (await fetch(`${server.url}/api/training-pairs`, { headers })).json()) as { text: string; entryId: string }[];
    for (const text of VOTED) expect(pairs).toContainEqual(expect.objectContaining({ text, entryId: 'refund' }));
    expect((await fetch(`${server.url}/api/retrain`, { method: 'POST', headers })).status).toBe(202);
    await server.bot().trained();

    const visitor = await connectVisitor(server.url);
    await call(visitor.socket, 'message:send', { clientId: 'later', text: LATER });
    const reply = await until('the reply', () => visitor.messages.find((m) => m.type.startsWith('bot')));
    expect(reply).toMatchObject({ type: 'bot-answer', entryId: 'refund' });
    // Learned, not added: the knowledge base itself is unchanged.
    const entry = (await (await fetch(`${server.url}/api/knowledge/refund`, { headers })).json()) as KnowledgeEntry;
    expect(entry.questions).toEqual(VOTE_KNOWLEDGE[0]!.questions);
    visitor.socket.close();
  });

  it('retrains by itself when votes are cast, and forgets them when their visitors are erased', async () => {
    const own = await startServer({ port: 0, knowledge: VOTE_KNOWLEDGE, bot: { sentenceEncoder: false }, learnFromVotesEveryMs: 200, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
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

describe('a 👍 after a picked "did you mean" chip', () => {
  it('teaches what the visitor asked before the chips', async () => {
    const server = await startServer({ port: 0, knowledge: VOTE_KNOWLEDGE, bot: { sentenceEncoder: false }, learnFromVotesEveryMs: 0, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    try {
      const visitor = await connectVisitor(server.url);
      await call(visitor.socket, 'message:send', { clientId: 'ask', text: LATER });
      const chips = await until('the chips', () => visitor.messages.find((m): m is ChatMessage & { type: 'bot-suggest' } => m.type === 'bot-suggest'));
      const refund = chips.suggestions.find((s) => s.entryId === 'refund');
      expect(refund).toBeDefined();
      expect(await call(visitor.socket, 'suggestion:pick', { clientId: 'pick', ...refund })).toMatchObject({ ok: true });
      const answer = await until('the answer', () => visitor.messages.find((m): m is ChatMessage & { type: 'bot-answer' } => m.type === 'bot-answer'));
      expect(await call(visitor.socket, 'feedback', { messageId: answer.id, helpful: true })).toMatchObject({ ok: true });
      const headers = { authorization: `Bearer ${await loginAgent(server.url)}` };
      const pairs = (await (await fetch(`${server.url}/api/training-pairs`, { headers })).json()) as { text: string; entryId: string }[];
      expect(pairs).toEqual([expect.objectContaining({ text: LATER, entryId: 'refund', messageId: answer.id })]);
      visitor.socket.close();
    } finally {
      await server.close();
    }
  });
});

describe('two nodes on one PostgreSQL and Redis', () => {
  it('retrains every node on POST /api/retrain to one of them', async () => {
    const schema = `learning_${randomBytes(6).toString('hex')}`;
    const node = () => startServer({ port: 0, knowledge: VOTE_KNOWLEDGE, bot: { sentenceEncoder: false }, learnFromVotesEveryMs: 0, databaseUrl: POSTGRES_URL, databaseSchema: schema, redisUrl: REDIS_URL, jwtSecret: 'cluster-test-secret-0123456789', demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    const a = await node();
    const b = await node();
    try {
      await voteHelpful(a.url);
      const answersOnB = async () => {
        const outcome = await b.bot().ask({ text: LATER });
        return outcome.kind === 'answer' && outcome.entryId === 'refund';
      };
      expect(await answersOnB()).toBe(false);
      const headers = { authorization: `Bearer ${await loginAgent(a.url)}` };
      expect((await fetch(`${a.url}/api/retrain`, { method: 'POST', headers })).status).toBe(202);
      await until('node B learned too', async () => (await b.bot().trained(), await answersOnB()), 100, 30_000);
    } finally {
      await Promise.allSettled([a.close(), b.close()]);
      await dropSchema(schema);
    }
  });
});
