import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { percentile } from '../packages/core/src/eval/evaluate.ts';
import { printTable } from '../packages/core/src/cli/print-table.ts';
import { startProcess } from './support/node-process.ts';
import { connectVisitors, QUESTIONS, timedQuestion } from './support/visitor-load.ts';

/**
 * N concurrent visitor sockets on loopback, each asking Q questions one after another; the round trip is
 * from sending a question to receiving the bot's reply. The same load runs against a bare socket.io echo
 * server in the same run, for the ratio. Usage: npx tsx bench/server-load.ts [N=1000] [Q=5]
 */
const N = Number(process.argv[2] ?? 1000);
const Q = Number(process.argv[3] ?? 5);


async function load(url: string): Promise<Record<string, number>> {
  const { sockets, errors: connectErrors } = await connectVisitors([url], N);
  let errors = connectErrors;
  const times: number[] = [];
  const began = performance.now();
  await Promise.all(sockets.map(async (socket, s) => {
    for (let q = 0; q < Q; q++) {
      const ms = await timedQuestion(socket, `${s}-${q}`, QUESTIONS[(s + q) % QUESTIONS.length]!);
      if (ms === undefined) errors++;
      else times.push(ms);
    }
  }));
  const seconds = (performance.now() - began) / 1000;
  for (const socket of sockets) socket.close();
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { sockets: N, questions: N * Q, answers_per_s: round(times.length / seconds), p50_ms: round(percentile(times, 50)), p95_ms: round(percentile(times, 95)), p99_ms: round(percentile(times, 99)), errors };
}

const dataDir = await mkdtemp(join(tmpdir(), 'chatbot-load-'));
// PostgreSQL on loopback, in a fresh schema dropped afterwards.
const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_${Date.now()}`;
const admin = new pg.Client({ connectionString: POSTGRES });
await admin.connect();
await admin.query(`create schema ${schema}`);
const rows: Record<string, string | number>[] = [];
for (const [name, args, env] of [
  ['bare socket.io echo', [new URL('support/echo-server.ts', import.meta.url).pathname], {}],
  ['chatbot server (PGlite)', [new URL('../packages/server/src/main.ts', import.meta.url).pathname], { PORT: '0', DATA_DIR: dataDir, VISITOR_MESSAGES_PER_MINUTE: '100000', CONNECTIONS_PER_MINUTE_PER_IP: '100000', KNOWLEDGE: new URL('../examples/demo/kb.jsonl', import.meta.url).pathname }],
  ['chatbot server (PostgreSQL)', [new URL('../packages/server/src/main.ts', import.meta.url).pathname], { PORT: '0', DATABASE_URL: `${POSTGRES}?options=${encodeURIComponent(`-c search_path=${schema}`)}`, VISITOR_MESSAGES_PER_MINUTE: '100000', CONNECTIONS_PER_MINUTE_PER_IP: '100000', KNOWLEDGE: new URL('../examples/demo/kb.jsonl', import.meta.url).pathname }],
] as const) {
  const { child, url } = await startProcess([...args], env);
  rows.push({ system: name, ...(await load(url)) });
  console.error(JSON.stringify(rows.at(-1)));
  child.kill('SIGTERM');
}
await rm(dataDir, { recursive: true, force: true });
await admin.query(`drop schema ${schema} cascade`);
await admin.end();
const echo = rows[0] as Record<string, number>;
for (const row of rows) row['ratio_to_echo'] = Math.round(((row['answers_per_s'] as number) / echo['answers_per_s']!) * 1000) / 1000;
console.log(printTable([Object.keys(rows[0]!), ...rows.map((r) => Object.values(r))]));
await writeFile(new URL('results/server-load.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), sockets: N, questionsPerSocket: Q, rows }, null, 2) + '\n');
process.exit(0);
