// Several server nodes on one machine behind a sticky proxy: `pnpm cluster` (see README.md here).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureDatabase } from './ensure-database.ts';
import { firstPortInUse } from './ports-free.ts';
import { startStickyProxy } from './sticky-proxy.ts';

const nodes = Number(process.env['NODES'] ?? 3);
const port = Number(process.env['PORT'] ?? 3000);
const env = {
  ...process.env,
  DATABASE_URL: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/chatbot',
  REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  // Every node must sign and check agent tokens with the same secret.
  JWT_SECRET: process.env['JWT_SECRET'] ?? 'cluster-demo-secret-change-me',
};
const main = fileURLToPath(new URL('../../packages/server/src/main.ts', import.meta.url));
const children: ChildProcess[] = [];
let login = '';

function startNode(nodePort: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main], { env: { ...env, PORT: String(nodePort) }, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      login ||= /login (\S+ \/ \S+)/.exec(text)?.[1] ?? '';
      if (text.includes(`PORT=${nodePort}`)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`node on port ${nodePort} exited with ${code}`)));
  });
}

const stopAll = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.once('SIGINT', () => { stopAll(); process.exit(0); });
process.once('SIGTERM', () => { stopAll(); process.exit(0); });

const ports = Array.from({ length: nodes + 1 }, (_, i) => port + i);
const taken = await firstPortInUse(ports);
if (taken !== undefined) {
  console.error(`chatbot cluster: port ${taken} is in use (the cluster needs ${port}–${port + nodes}: the proxy, then one port per node); stop what uses it or start on others, e.g. PORT=${port + 100} pnpm cluster`);
  process.exit(1);
}
await ensureDatabase(env.DATABASE_URL);

try {
  // The first node creates the schema and the demo agent; the others then start side by side.
  await startNode(port + 1);
  await Promise.all(Array.from({ length: nodes - 1 }, (_, i) => startNode(port + 2 + i)));
} catch (error) {
  stopAll();
  throw error;
}
const targets = Array.from({ length: nodes }, (_, i) => `http://127.0.0.1:${port + 1 + i}`);
await startStickyProxy(targets, port);
const url = `http://127.0.0.1:${port}`;
console.log(`chatbot cluster ready on ${url}  (${nodes} nodes: ${targets.join(', ')}; PostgreSQL ${env.DATABASE_URL}; Redis ${env.REDIS_URL})
  demo page      ${url}/
  agent console  ${url}/console${login ? `   login ${login}` : ''}
  dashboard      ${url}/dashboard
  health         ${url}/health (one node's; each node's own on its port)
CLUSTER_PORT=${port}`);
