import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { clusterPrefix } from '../packages/server/src/cluster/cluster-bus.ts';
import { call, connectVisitor, until } from './support/clients.ts';
import { dropSchema, POSTGRES_URL, REDIS_URL } from './support/postgres.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a question acknowledged by a node killed before it answered (PostgreSQL + Redis)', () => {
  const schema = `waiting_${randomBytes(6).toString('hex')}`;
  let b: RunningServer;
  const db = new pg.Client({ connectionString: POSTGRES_URL });
  const redis = new Redis(REDIS_URL);
  beforeAll(async () => {
    b = await startServer({ port: 0, knowledge: KB, databaseUrl: POSTGRES_URL, databaseSchema: schema, redisUrl: REDIS_URL, jwtSecret: 'waiting-test-secret-0123456789' });
    await db.connect();
  });
  afterAll(async () => {
    await b?.close();
    await db.end();
    redis.disconnect();
    await dropSchema(schema);
  });

  it('is answered, once, on the node the visitor reconnects to 1.5 s later and stays on', async () => {
    const first = await connectVisitor(b.url);
    first.socket.close();
    const conversationId = first.session.conversationId;
    // What node A leaves when killed the moment it acknowledged the question: the question, no answer, and its
    // lock on the conversation's bot turns (a fresh lease nobody renews).
    const questionId = randomUUID();
    await db.query(`insert into ${schema}.messages (id, conversation_id, seq, client_id, type, body) values ($1, $2, 1, 'q-1', 'visitor-text', $3)`, [questionId, conversationId, JSON.stringify({ text: '课程可以退款吗' })]);
    const prefix = clusterPrefix({ databaseUrl: POSTGRES_URL, schema });
    await redis.set(`${prefix}lock:bot-turn:${conversationId}`, 'node-a-dead', 'PX', 5_000);
    await sleep(1_500);
    const back = await connectVisitor(b.url, { visitorToken: first.session.visitorToken });
    const answer = await until('the answer on node B', () => back.messages.find((m) => m.clientId === `reply-to:${questionId}`), 50, 15_000);
    expect(answer).toMatchObject({ type: 'bot-answer', entryId: 'refund' });
    await sleep(2_500); // a sweep or two more
    const history = await call<{ messages: ChatMessage[] }>(back.socket, 'history', {});
    expect(history.ok && history.messages.map((m) => m.type)).toEqual(['visitor-text', 'bot-answer']);
    back.socket.close();
  }, 30_000);
});
