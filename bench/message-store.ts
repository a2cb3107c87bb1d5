import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { printTable } from '../packages/core/src/cli/print-table.ts';
import { percentile } from '../packages/core/src/eval/evaluate.ts';
import { createStore, type Store } from '../packages/server/src/store/store.ts';

/**
 * What storing one message costs: without a webhook subscriber, and with one (its message.created delivery is
 * queued in the message's transaction), on the embedded PGlite and on PostgreSQL.
 * Usage: npx tsx bench/message-store.ts [N=2000]
 */
const N = Number(process.argv[2] ?? 2000);
const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function appendTimes(store: Store, announce: boolean): Promise<number[]> {
  const { visitor } = await store.createVisitor({ channel: 'web' });
  const conversation = await store.currentConversation(visitor.id);
  for (let i = 0; i < 100; i++) await store.appendMessage(conversation.id, { type: 'visitor-text', text: `warm-up ${i}` });
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const began = performance.now();
    await store.appendMessage(conversation.id, { type: 'visitor-text', text: `第 ${i} 个问题：怎么退款` }, announce);
    times.push(performance.now() - began);
  }
  return times;
}

async function measure(backend: string, store: Store): Promise<{ backend: string; subscribers: number; messages: number; mean_ms: number; p95_ms: number }[]> {
  const row = (subscribers: number, times: number[]) => ({ backend, subscribers, messages: N, mean_ms: +(times.reduce((a, b) => a + b, 0) / times.length).toFixed(3), p95_ms: +percentile([...times].sort((a, b) => a - b), 95).toFixed(3) });
  const without = await appendTimes(store, false); // the server asks the store to queue nothing while nobody subscribes
  await store.createWebhook({ url: 'http://127.0.0.1:9/crm', events: ['message.created'], format: 'json', secret: null, active: true });
  const withOne = await appendTimes(store, true);
  return [row(0, without), row(1, withOne)];
}

const rows = [];
const embedded = await createStore();
rows.push(...(await measure('PGlite (embedded)', embedded)));
await embedded.close();
const schema = `bench_${randomBytes(4).toString('hex')}`;
const postgres = await createStore({ databaseUrl: POSTGRES, schema });
try {
  rows.push(...(await measure('PostgreSQL (loopback)', postgres)));
} finally {
  await postgres.close();
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
}
console.log(printTable([['backend', 'subscribers', 'messages', 'mean ms', 'p95 ms'], ...rows.map((r) => [r.backend, r.subscribers, r.messages, r.mean_ms, r.p95_ms])]));
console.log(JSON.stringify({ messages: N, rows }));
