// Several server nodes on one machine behind a sticky proxy: `pnpm cluster` (see README.md here).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startStickyProxy } from './sticky-proxy.ts';

const nodes = Number(process.env['NODES'] ?? 3);
const port = Number(process.env['PORT'] ?? 3000);
const env = {
  ...process.env,
  DATABASE_URL: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
  REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  // Every node must sign and check agent tokens with the same secret.
  JWT_SECRET: process.env['JWT_SECRET'] ?? 'cluster-demo-secret-change-me',
};
const main = fileURLToPath(new URL('../../packages/server/src/main.ts', import.meta.url));
const children: ChildProcess[] = [];

function startNode(nodePort: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main], { env: { ...env, PORT: String(nodePort) }, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(`PORT=${nodePort}`)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`node on port ${nodePort} exited with ${code}`)));
  });
}

const stopAll = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.once('SIGINT', () => { stopAll(); process.exit(0); });
process.once('SIGTERM', () => { stopAll(); process.exit(0); });

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
console.log(`chatbot cluster ready on http://127.0.0.1:${port}  (${nodes} nodes: ${targets.join(', ')}; PostgreSQL ${env.DATABASE_URL}; Redis ${env.REDIS_URL})
CLUSTER_PORT=${port}`);
