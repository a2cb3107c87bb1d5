import { writeFile } from 'node:fs/promises';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { percentile } from '../packages/core/src/eval/evaluate.ts';
import { printTable } from '../packages/core/src/cli/print-table.ts';
import { rssMb, startProcess } from './support/node-process.ts';
import { connectVisitors, QUESTIONS, timedQuestion } from './support/visitor-load.ts';

/**
 * Two server nodes on PostgreSQL + Redis, 20 agents connected (half on each node, so every visitor message
 * also fans out to them), and N visitor sockets split over the nodes, each asking a question every
 * INTERVAL seconds for DURATION seconds (steady traffic, not a burst). The same visitors run against a
 * bare socket.io echo cluster (two nodes, same Redis adapter) in the same run. Reports answers/s, round
 * trip p50/p95/p99, memory per connection and errors, for each N: the knee is where p95 passes 500 ms.
 * Usage: npx tsx bench/cluster-load.ts [N list=1000,2500,5000] [INTERVAL s=20] [DURATION s=40]
 */
const COUNTS = (process.argv[2] ?? '1000,2500,5000').split(',').map(Number);
const INTERVAL = Number(process.argv[3] ?? 20) * 1000;
const DURATION = Number(process.argv[4] ?? 40) * 1000;
const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const MAIN = new URL('../packages/server/src/main.ts', import.meta.url).pathname;
const ECHO = new URL('support/echo-server.ts', import.meta.url).pathname;


async function steadyTraffic(sockets: Socket[]): Promise<{ times: number[]; errors: number; seconds: number }> {
  const times: number[] = [];
  let errors = 0;
  const began = performance.now();
  await Promise.all(sockets.map(async (socket, s) => {
    // Spread the first questions over one interval so the rate is steady.
    await new Promise((resolve) => setTimeout(resolve, (s / sockets.length) * INTERVAL));
    for (let q = 0; performance.now() - began < DURATION; q++) {
      const sent = performance.now();
      const ms = await timedQuestion(socket, `${s}-${q}`, QUESTIONS[(s + q) % QUESTIONS.length]!);
      if (ms === undefined) errors++;
      else times.push(ms);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, INTERVAL - (performance.now() - sent))));
    }
  }));
  // Questions are only sent during DURATION (each one answered or counted as an error), so that is the window.
  return { times, errors, seconds: DURATION / 1000 };
}

async function connectAgents(urls: string[]): Promise<Socket[]> {
  const login = async (url: string, email: string, password: string) => ((await (await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })).json()) as { token: string }).token;
  const admin = await login(urls[0]!, 'demo@example.com', 'demo1234');
  const agents: Socket[] = [];
  for (let i = 0; i < 20; i++) {
    const email = `bench-agent-${i}@example.com`;
    await fetch(`${urls[0]}/api/agents`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ email, name: `Agent ${i}`, password: 'bench-pass-1234' }) });
    const url = urls[i % urls.length]!;
    const socket = io(`${url}/agent`, { auth: { token: await login(url, email, 'bench-pass-1234') }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    agents.push(socket);
  }
  return agents;
}

const round = (x: number) => Math.round(x * 10) / 10;
const rows: Record<string, string | number>[] = [];
const admin = new pg.Client({ connectionString: POSTGRES });
await admin.connect();
for (const n of COUNTS) {
  for (const system of ['bare socket.io echo ×2', 'chatbot ×2 (PostgreSQL + Redis)'] as const) {
    const schema = `cluster_bench_${Date.now()}`;
    const echo = system.startsWith('bare');
    if (!echo) await admin.query(`create schema ${schema}`);
    const env: Record<string, string> = echo
      ? { REDIS_URL: REDIS, ECHO_CLUSTER: schema }
      : { PORT: '0', DATABASE_URL: `${POSTGRES}?options=${encodeURIComponent(`-c search_path=${schema}`)}`, REDIS_URL: REDIS, JWT_SECRET: 'cluster-bench-secret-0123456789', VISITOR_MESSAGES_PER_MINUTE: '100000', CONNECTIONS_PER_MINUTE_PER_IP: '100000', KNOWLEDGE: new URL('../examples/demo/kb.jsonl', import.meta.url).pathname };
    const first = await startProcess([echo ? ECHO : MAIN], env, ['--max-old-space-size=4096']);
    const second = await startProcess([echo ? ECHO : MAIN], env, ['--max-old-space-size=4096']);
    const nodes = [first, second];
    const urls = nodes.map((node) => node.url);
    const agents = echo ? [] : await connectAgents(urls);
    const before = nodes.reduce((sum, node) => sum + rssMb(node.child.pid!), 0);
    const { sockets, errors: connectErrors } = await connectVisitors(urls, n);
    const after = nodes.reduce((sum, node) => sum + rssMb(node.child.pid!), 0);
    const { times, errors, seconds } = await steadyTraffic(sockets);
    for (const socket of [...sockets, ...agents]) socket.close();
    for (const node of nodes) node.child.kill('SIGTERM');
    if (!echo) await admin.query(`drop schema ${schema} cascade`);
    times.sort((a, b) => a - b);
    rows.push({ system, sockets: n, questions_per_s_offered: round(n / (INTERVAL / 1000)), answers_per_s: round(times.length / seconds), p50_ms: round(percentile(times, 50)), p95_ms: round(percentile(times, 95)), p99_ms: round(percentile(times, 99)), rss_mb_after_connect: Math.round(after), kb_per_connection: Math.round(((after - before) * 1024) / n), errors: errors + connectErrors });
    console.error(JSON.stringify(rows.at(-1)));
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
await admin.end();
console.log(printTable([Object.keys(rows[0]!), ...rows.map((r) => Object.values(r))]));
const knee = rows.find((r) => String(r['system']).startsWith('chatbot') && (r['p95_ms'] as number) > 500);
console.log(knee ? `knee: p95 passes 500 ms at ${knee['sockets']} sockets (${knee['questions_per_s_offered']} questions/s offered)` : 'knee: p95 stayed under 500 ms at every tested load');
await writeFile(new URL('results/cluster-load.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), intervalMs: INTERVAL, durationMs: DURATION, rows }, null, 2) + '\n');
process.exit(0);
