import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = new URL('./main.ts', import.meta.url).pathname;
const KB = new URL('../../core/test-fixtures/edu.jsonl', import.meta.url).pathname;

/** Runs the server's main as a real process until it exits: its exit code and everything it printed. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { ...process.env, LOG: 'false', DEBUG: '', KNOWLEDGE: KB, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}

describe('starting the server from the environment when it cannot start', () => {
  let taken: Server;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chatbot-start-'));
    await writeFile(join(dir, 'a-file'), '');
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    taken.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('says in one line that the port is in use, and exits 1', async () => {
    const port = (taken.address() as { port: number }).port;
    const { code, output } = await runMain({ PORT: String(port), DATA_DIR: join(dir, 'data') });
    expect(code).toBe(1);
    expect(output.trim()).toBe(`chatbot: port ${port} is in use; set PORT to a free one`);
  });

  it('gives other errors by code and message, with the stack only when DEBUG=1', async () => {
    const env = { PORT: '0', DATA_DIR: join(dir, 'a-file', 'data') };
    const [plain, debug] = await Promise.all([runMain(env), runMain({ ...env, DEBUG: '1' })]);
    expect([plain.code, debug.code]).toEqual([1, 1]);
    expect(plain.output.trim()).toMatch(/^chatbot: could not start: ENOTDIR: not a directory, mkdir '[^'\n]+'$/);
    expect(debug.output).toMatch(/^chatbot: could not start: ENOTDIR: [^\n]+\nError: ENOTDIR[^\n]+\n\s+at /);
    expect(debug.output.length).toBeLessThan(4000);
  });
});
