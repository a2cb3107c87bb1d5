import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = new URL('./main.ts', import.meta.url).pathname;
const KB = new URL('../../core/test-fixtures/edu.jsonl', import.meta.url).pathname;
const ZH_KB = new URL('../../../examples/education-zh/kb.jsonl', import.meta.url).pathname;

/**
 * Runs the server's main as a real process until it exits or, once it listens (PORT=), for a moment more to print
 * what follows and no longer: its exit code and everything it printed (stdout and stderr).
 */
function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { DEBUG: _debug, KNOWLEDGE_LENIENT: _lenient, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { ...inherited, LOG: 'false', KNOWLEDGE: KB, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = () => setTimeout(() => child.kill('SIGKILL'), 500);
  const read = (chunk: Buffer) => {
    const listening = /PORT=\d+/.test(output);
    output += chunk.toString();
    if (!listening && /PORT=\d+/.test(output)) stop();
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}

describe('starting the server from the environment: what the operator reads', () => {
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

  it('refuses a knowledge file with bad rows, naming KNOWLEDGE_LENIENT=true, and with it starts on the good rows, listing the bad and saying what it trains', async () => {
    const lines = (await readFile(ZH_KB, 'utf8')).trim().split('\n');
    const knowledge = join(dir, 'bad-row.jsonl');
    await writeFile(knowledge, [lines[0], '{"id": "broken", "questions": []}', ...lines.slice(1)].join('\n'));
    const refused = await runMain({ PORT: '0', KNOWLEDGE: knowledge, DATA_DIR: join(dir, 'refused') });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('line 2: ');
    expect(refused.output).toMatch(/\(set KNOWLEDGE_LENIENT=true to start with the good rows: the bad ones are skipped and listed\)\s*$/);
    expect(refused.output).not.toContain('lenient mode');

    const started = await runMain({ PORT: '0', KNOWLEDGE: knowledge, KNOWLEDGE_LENIENT: 'true', DATA_DIR: join(dir, 'lenient') });
    expect(started.output).toContain(`chatbot server ready on http://127.0.0.1:`);
    expect(started.output).toContain(`(knowledge: ${lines.length} entries from ${knowledge};`);
    expect(started.output).toContain(`chatbot: KNOWLEDGE_LENIENT=true: skipped 1 bad row(s) of ${knowledge}:\n  line 2: `);
    // A Chinese knowledge base fine-tunes nothing: it encodes its questions' English glosses.
    expect(started.output).toContain('chatbot: encoding the English glosses');
    expect(started.output).not.toContain('fine-tuning');
  });
});
