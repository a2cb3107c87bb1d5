import { writeFile } from 'node:fs/promises';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { printTable } from '../packages/core/src/cli/print-table.ts';
import { rssMb, startProcess } from './support/node-process.ts';

/**
 * Soak: two nodes on PostgreSQL + Redis under MINUTES of mixed traffic. Visitors come and go (new ones and
 * returning ones with their token), ask questions, one in five asks for a person; five agents take, reply
 * and close. Every 15 s it samples each node's RSS and V8 heap (from /metrics). The bound: from the end of
 * the warm-up (minute 2) to the last minute, the post-GC heap floor may grow by at most HEAP_BOUND_MB and
 * RSS by at most RSS_BOUND_MB per node.
 * Usage: npx tsx bench/soak.ts [MINUTES=10] [CONCURRENT visitors=40]
 */
const MINUTES = Number(process.argv[2] ?? 10);
const CONCURRENT = Number(process.argv[3] ?? 40);
const HEAP_BOUND_MB = 32;
const RSS_BOUND_MB = 96;
const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const QUESTIONS = ['课程可以退款吗', '怎么预约试听课', '发票怎么开', 'how much is a one-on-one lesson', '上课用什么设备', 'can I pay with alipay', '老师是哪里人', '怎么调课', '你好', '谢谢'];
const MAIN = new URL('../packages/server/src/main.ts', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const schema = `soak_${Date.now()}`;
const admin = new pg.Client({ connectionString: POSTGRES });
await admin.connect();
await admin.query(`create schema ${schema}`);
const env = { PORT: '0', DATABASE_URL: `${POSTGRES}?options=${encodeURIComponent(`-c search_path=${schema}`)}`, REDIS_URL: REDIS, JWT_SECRET: 'soak-bench-secret-0123456789', VISITOR_MESSAGES_PER_MINUTE: '100000', CONNECTIONS_PER_MINUTE_PER_IP: '100000', KNOWLEDGE: new URL('../examples/demo/kb.jsonl', import.meta.url).pathname };
const nodes = [await startProcess([MAIN], env), await startProcess([MAIN], env)];
const urls = nodes.map((node) => node.url);

const counts = { sessions: 0, questions: 0, handoffs: 0, agentReplies: 0, closes: 0, errors: 0 };
const login = async (url: string, email: string, password: string) => ((await (await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })).json()) as { token: string; agent: { id: string } });
const root = await login(urls[0]!, 'demo@example.com', 'demo1234');
const agents: Socket[] = [];
for (let i = 0; i < 5; i++) {
  const email = `soak-agent-${i}@example.com`;
  await fetch(`${urls[0]}/api/agents`, { method: 'POST', headers: { authorization: `Bearer ${root.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ email, name: `Agent ${i}`, password: 'soak-pass-1234', maxConversations: 20 }) });
  const url = urls[i % 2]!;
  const { token, agent } = await login(url, email, 'soak-pass-1234');
  const socket = io(`${url}/agent`, { auth: { token }, transports: ['websocket'] });
  const handled = new Set<string>();
  socket.on('conversation:updated', (c: { id: string; state: string; assignedAgentId?: string }) => {
    if (c.state !== 'agent' || c.assignedAgentId !== agent.id || handled.has(c.id)) return;
    handled.add(c.id);
    void (async () => {
      const reply = (await socket.timeout(10_000).emitWithAck('conversation:reply', { conversationId: c.id, clientId: `r-${c.id}`, text: '您好，我来帮您看看。' }).catch(() => ({ ok: false }))) as { ok: boolean };
      if (reply.ok) counts.agentReplies++;
      else counts.errors++;
      await sleep(500);
      const closed = (await socket.timeout(10_000).emitWithAck('conversation:close', { conversationId: c.id }).catch(() => ({ ok: false }))) as { ok: boolean };
      if (closed.ok) counts.closes++;
      else counts.errors++;
      handled.delete(c.id);
    })();
  });
  agents.push(socket);
}

const returning: string[] = [];
async function visitorSession(n: number): Promise<void> {
  const token = n % 3 === 0 ? returning.shift() : undefined;
  const socket = io(`${urls[n % 2]}/visitor`, { auth: token ? { visitorToken: token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    const session = await new Promise<{ visitorToken: string }>((resolve, reject) => {
      socket.once('session', resolve);
      socket.once('connect_error', reject);
    });
    counts.sessions++;
    for (let q = 0; q < 3; q++) {
      const ack = (await socket.timeout(10_000).emitWithAck('message:send', { clientId: `${n}-${q}`, text: QUESTIONS[(n + q) % QUESTIONS.length] }).catch(() => ({ ok: false }))) as { ok: boolean };
      if (ack.ok) counts.questions++;
      else counts.errors++;
      await sleep(300 + Math.random() * 700);
    }
    if (n % 5 === 0) {
      const asked = (await socket.timeout(10_000).emitWithAck('handoff:request', {}).catch(() => ({ ok: false }))) as { ok: boolean };
      if (asked.ok) counts.handoffs++;
      else counts.errors++;
      await sleep(2000);
    }
    if (returning.length < 500) returning.push(session.visitorToken);
  } catch {
    counts.errors++;
  } finally {
    socket.close();
  }
}

async function metricBytes(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN);
}

const samples: { minute: number; node: number; rssMb: number; heapMb: number }[] = [];
const began = Date.now();
const end = began + MINUTES * 60_000;
let started = 0;
const workers = Array.from({ length: CONCURRENT }, async () => {
  while (Date.now() < end) await visitorSession(started++);
});
const sampler = (async () => {
  while (Date.now() < end) {
    for (const [i, node] of nodes.entries()) samples.push({ minute: Math.floor((Date.now() - began) / 60_000), node: i, rssMb: rssMb(node.child.pid!), heapMb: (await metricBytes(node.url, 'nodejs_heap_size_used_bytes')) / 2 ** 20 });
    console.error(`${((Date.now() - began) / 60_000).toFixed(1)} min  ${JSON.stringify(counts)}  ${samples.slice(-2).map((s) => `node${s.node} rss ${s.rssMb.toFixed(0)} MB heap ${s.heapMb.toFixed(0)} MB`).join('  ')}`);
    await sleep(15_000);
  }
})();
await Promise.all([...workers, sampler]);
for (const socket of agents) socket.close();
for (const node of nodes) node.child.kill('SIGTERM');
await sleep(1000);
await admin.query(`drop schema ${schema} cascade`);
await admin.end();

const floor = (node: number, minute: number, key: 'rssMb' | 'heapMb') => Math.min(...samples.filter((s) => s.node === node && s.minute === minute).map((s) => s[key]));
const rows: (string | number)[][] = [['minute', 'node0 rss MB', 'node0 heap MB', 'node1 rss MB', 'node1 heap MB']];
for (let m = 0; m < MINUTES; m++) rows.push([m, ...[0, 1].flatMap((n) => [Math.round(floor(n, m, 'rssMb')), Math.round(floor(n, m, 'heapMb'))])]);
console.log(printTable(rows));
const warm = Math.min(2, MINUTES - 1);
const growth = [0, 1].map((n) => ({ node: n, heapMb: Math.round(floor(n, MINUTES - 1, 'heapMb') - floor(n, warm, 'heapMb')), rssMb: Math.round(floor(n, MINUTES - 1, 'rssMb') - floor(n, warm, 'rssMb')) }));
const pass = counts.errors === 0 && growth.every((g) => g.heapMb <= HEAP_BOUND_MB && g.rssMb <= RSS_BOUND_MB);
console.log(`traffic: ${JSON.stringify(counts)}`);
console.log(`growth from minute ${warm} to minute ${MINUTES - 1}: ${growth.map((g) => `node${g.node} heap ${g.heapMb} MB, rss ${g.rssMb} MB`).join('; ')} (bound: heap ≤ ${HEAP_BOUND_MB} MB, rss ≤ ${RSS_BOUND_MB} MB, errors 0): ${pass ? 'PASS' : 'FAIL'}`);
await writeFile(new URL('results/soak.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), minutes: MINUTES, concurrent: CONCURRENT, counts, growth, pass, samples }, null, 2) + '\n');
process.exit(pass ? 0 : 1);
